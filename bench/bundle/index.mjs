// Weight of the suite in the demo app's initial bundle: builds packages/app twice, with
// the suite and without it (app.packages.exclude drops it from discovery), and compares
// the gzip size of the JavaScript that index.html loads before any lazy chunk.
// The last line of output is one JSON object (initialBundleAddedKbGzip, target <= 50).
//
// The builds write packages/app/dist; whatever was there before (the browser test's
// build, say) is moved aside and put back at the end.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'packages', 'app', 'dist');
const SUITE_PACKAGE = '@containersec/plugin-container-security';
const TARGET_KB = 50;

/** The scripts index.html loads itself: the initial bundle, in load order. */
export function initialScripts(html) {
  return [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map(m => m[1]);
}

function measure(label) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = initialScripts(html).map(src => {
    // src is absolute under the app's public path (`/static/main.<hash>.js`).
    const path = join(
      dist,
      src.replace(/^https?:\/\/[^/]+/, '').replace(/^\//, ''),
    );
    const bytes = readFileSync(path);
    return {
      file: src,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
    };
  });
  if (files.length === 0)
    throw new Error(`${label}: index.html loads no script`);
  const total = files.reduce(
    (t, f) => ({
      bytes: t.bytes + f.bytes,
      gzipBytes: t.gzipBytes + f.gzipBytes,
    }),
    { bytes: 0, gzipBytes: 0 },
  );
  console.log(`${label}: ${files.length} initial scripts`);
  for (const f of files) {
    console.log(
      `  ${f.file}  ${(f.bytes / 1024).toFixed(1)} KB, ${(
        f.gzipBytes / 1024
      ).toFixed(1)} KB gzip`,
    );
  }
  console.log(
    `  total ${(total.bytes / 1024).toFixed(1)} KB, ${(
      total.gzipBytes / 1024
    ).toFixed(1)} KB gzip`,
  );
  return { ...total, files: files.length };
}

function build(label, configs) {
  console.log(`building the app ${label} …`);
  const args = ['workspace', 'app', 'build'];
  for (const c of configs) args.push('--config', c);
  const started = Date.now();
  const result = spawnSync('yarn', args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`the app build ${label} failed (exit ${result.status})`);
  }
  console.log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function main() {
  const work = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  const withoutSuite = join(work, 'app-config.without-suite.yaml');
  writeFileSync(
    withoutSuite,
    `app:\n  packages:\n    exclude:\n      - '${SUITE_PACKAGE}'\n`,
  );
  const baseConfig = join(root, 'app-config.yaml');
  const saved = join(work, 'dist-before');
  const hadDist = existsSync(dist);
  if (hadDist) renameSync(dist, saved);
  try {
    build('without the suite', [baseConfig, withoutSuite]);
    const without = measure('without the suite');
    build('with the suite', [baseConfig]);
    const withSuite = measure('with the suite');
    const addedKb = (withSuite.gzipBytes - without.gzipBytes) / 1024;
    console.log(
      JSON.stringify({
        benchmark: 'bundle',
        initialBundleWithSuiteKbGzip: +(withSuite.gzipBytes / 1024).toFixed(1),
        initialBundleWithoutSuiteKbGzip: +(without.gzipBytes / 1024).toFixed(1),
        initialBundleAddedKbGzip: +addedKb.toFixed(1),
        initialBundleAddedKb: +(
          (withSuite.bytes - without.bytes) /
          1024
        ).toFixed(1),
        targetKbGzip: TARGET_KB,
        withinTarget: addedKb <= TARGET_KB,
      }),
    );
  } finally {
    rmSync(dist, { recursive: true, force: true });
    if (hadDist) renameSync(saved, dist);
    rmSync(work, { recursive: true, force: true });
  }
}

main();
