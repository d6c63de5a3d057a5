import { promises as fs } from 'fs';
import path from 'path';
import { parseManifests } from './parseManifests';
import { ManifestObject } from './types';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

async function listFiles(target: string): Promise<string[]> {
  const stat = await fs.stat(target);
  if (!stat.isDirectory()) return [target];
  const entries = await fs.readdir(target, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter(e => !e.name.startsWith('.'))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(e => {
        const full = path.join(target, e.name);
        if (e.isDirectory()) return listFiles(full);
        return MANIFEST_EXTENSIONS.has(path.extname(e.name).toLowerCase())
          ? [full]
          : [];
      }),
  );
  return nested.flat();
}

/**
 * Reads every manifest under the given files or folders (recursively; `.yaml`,
 * `.yml` and `.json`). A missing path or an unparseable file throws, naming it.
 *
 * @public
 */
export async function readManifestFiles(
  targets: string[],
): Promise<ManifestObject[]> {
  const files = (await Promise.all(targets.map(listFiles))).flat();
  const objects: ManifestObject[] = [];
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    objects.push(...parseManifests(text, file));
  }
  return objects;
}
