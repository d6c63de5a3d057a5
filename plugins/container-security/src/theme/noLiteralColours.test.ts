// This test reads the plugin's own source files, which only Node can do.
// eslint-disable-next-line no-restricted-imports
import { readdirSync, readFileSync, statSync } from 'fs';
// eslint-disable-next-line no-restricted-imports
import { join, relative } from 'path';

const SRC = join(__dirname, '..');
const COLOUR_LITERAL = /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?)\(/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('colours', () => {
  it('come from the theme: no colour literal in the plugin source', () => {
    const offenders = sourceFiles(SRC).flatMap(file =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(SRC, file)}:${i + 1}` }))
        .filter(({ line }) => COLOUR_LITERAL.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
