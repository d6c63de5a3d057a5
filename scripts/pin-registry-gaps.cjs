// Maintainer tool, for after a dependency change: the npm registry served on our machines lacks
// some platform-specific builds (@swc/core-*, @rollup/rollup-*, @unrs/resolver-binding-*), and
// Yarn resolves every platform's optional packages, failing with YN0082. This repeats
// `yarn install --mode=update-lockfile` and pins each missing package in `resolutions` to the
// newest version the registry serves. Run it with the bootstrap environment:
//   BOOTSTRAP_SKIP_INSTALL=1 . scripts/bootstrap.sh && node scripts/pin-registry-gaps.cjs
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkgPath = path.join(root, 'package.json');

for (let attempt = 0; attempt < 60; attempt++) {
  const run = spawnSync('yarn', ['install', '--mode=update-lockfile'], {
    cwd: root,
    encoding: 'utf8',
  });
  const output = `${run.stdout}${run.stderr}`;
  const misses = [
    ...output.matchAll(
      /YN0082: │ (@?[^@\s]+)@npm:([^:]+): No candidates found/g,
    ),
  ];
  if (misses.length === 0) {
    process.stdout.write(output.split('\n').slice(-4).join('\n'));
    process.exit(run.status ?? 1);
  }
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  for (const [, name, wanted] of misses) {
    const versions = JSON.parse(
      execFileSync('npm', ['view', name, 'versions', '--json'], {
        encoding: 'utf8',
      }),
    );
    const newest = versions.filter(v => !v.includes('-')).pop();
    console.log(`pin ${name}: wanted ${wanted}, newest served ${newest}`);
    pkg.resolutions[name] = newest;
  }
  fs.writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
}
console.error('gave up after 60 rounds');
process.exit(1);
