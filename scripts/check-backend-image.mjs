#!/usr/bin/env node
// Exercises packages/backend/Dockerfile as far as a machine without a container engine
// allows: every path it COPYs must exist and survive .dockerignore, and its steps are
// replayed in a temporary directory (COPY, ENV, WORKDIR and the RUN steps that run as the
// `node` user; the apt-get step before `USER node` is skipped: it installs system
// packages). Then the CMD starts with PostgreSQL from the environment variables the
// production config reads, and must answer its readiness probe.
//
// Run after `yarn build:backend`. Needs PostgreSQL at 127.0.0.1:5432 (user postgres).
// Usage: node scripts/check-backend-image.mjs [--keep]
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const dockerfile = path.join(root, 'packages/backend/Dockerfile');
const port = Number(process.env.CS_IMAGE_CHECK_PORT ?? 7091);
const keep = process.argv.includes('--keep');

function fail(message) {
  console.error(`check-backend-image: ${message}`);
  process.exit(1);
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function parseDockerfile(text) {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'))
    .map(l => {
      const [instruction, ...rest] = l.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
}

/** Patterns of .dockerignore (no negations are used in ours; they are rejected). */
function readDockerignore() {
  const lines = fs
    .readFileSync(path.join(root, '.dockerignore'), 'utf8')
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));
  if (lines.some(l => l.startsWith('!'))) {
    fail('.dockerignore exceptions (!) are not supported by this check');
  }
  return lines.map(l => l.replace(/^\/+/, '').replace(/\/+$/, ''));
}

/** Whether the context path (or a folder above it) is excluded. */
function ignored(patterns, file) {
  const parts = file.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    if (patterns.some(p => path.matchesGlob(prefix, p))) return true;
  }
  return false;
}

const instructions = parseDockerfile(fs.readFileSync(dockerfile, 'utf8'));
const patterns = readDockerignore();

// 1. What the image needs must be in the build context.
const copies = instructions.filter(i => i.instruction === 'COPY');
for (const copy of copies) {
  const words = copy.args.split(/\s+/).filter(w => !w.startsWith('--'));
  const sources = words.slice(0, -1);
  for (const source of sources) {
    if (!fs.existsSync(path.join(root, source))) {
      fail(`COPY ${source}: not found (run yarn build:backend first?)`);
    }
    if (ignored(patterns, source)) {
      fail(`COPY ${source}: excluded from the build context by .dockerignore`);
    }
  }
}
// ...and what the image must not carry must stay out of it.
for (const excluded of [
  'node_modules',
  'packages/backend/src',
  '.yarn/cache',
]) {
  if (!ignored(patterns, excluded)) {
    fail(`.dockerignore does not exclude ${excluded}`);
  }
}
const user = instructions.find(i => i.instruction === 'USER');
if (!user || user.args !== 'node') fail('the image must run as USER node');

// 2. Replay the steps after `USER node` in a temporary /app.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-image-'));
const env = { ...process.env };
let cwd = work;
let afterUser = false;
let cmd;
for (const { instruction, args } of instructions) {
  if (instruction === 'USER') afterUser = true;
  if (!afterUser) continue;
  switch (instruction) {
    case 'WORKDIR':
      cwd = work;
      break;
    case 'ENV': {
      const m = /^(\w+)=(?:"([^"]*)"|(\S*))$/.exec(args);
      if (!m) fail(`ENV ${args}: unsupported form`);
      env[m[1]] = m[2] ?? m[3];
      break;
    }
    case 'COPY': {
      const words = args.split(/\s+/).filter(w => !w.startsWith('--'));
      const dest = words.at(-1);
      for (const source of words.slice(0, -1)) {
        const target = dest.endsWith('/')
          ? path.join(cwd, dest, path.basename(source))
          : path.join(cwd, dest);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.cpSync(path.join(root, source), target, {
          recursive: true,
          filter: src => !ignored(patterns, path.relative(root, src)),
        });
      }
      break;
    }
    case 'RUN': {
      const command = args.replace(/--mount=\S+\s*/g, '');
      console.log(`check-backend-image: RUN ${command}`);
      execFileSync('sh', ['-c', command], { cwd, env, stdio: 'inherit' });
      break;
    }
    case 'CMD':
      cmd = JSON.parse(args);
      break;
    default:
  }
}
if (!cmd) fail('no CMD');

// 3. Start the CMD against PostgreSQL on a private database prefix and probe it.
const prefix = `cs_image_check_${process.pid}_`;
fs.writeFileSync(
  path.join(work, 'app-config.check.yaml'),
  `backend:\n  listen: ':${port}'\n  database:\n    prefix: ${prefix}\n`,
);
const child = spawn(
  cmd[0],
  [...cmd.slice(1), '--config', 'app-config.check.yaml'],
  {
    cwd: work,
    env: {
      ...env,
      APP_BASE_URL: `http://localhost:${port}`,
      BACKEND_BASE_URL: `http://localhost:${port}`,
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: '5432',
      POSTGRES_USER: 'postgres',
      POSTGRES_PASSWORD: process.env.PGPASSWORD ?? 'unused',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
let log = '';
child.stdout.on('data', d => (log += d));
child.stderr.on('data', d => (log += d));
let exited = false;
child.on('exit', () => (exited = true));

async function probe(url) {
  try {
    const res = await fetch(url);
    return { status: res.status, body: await res.text() };
  } catch {
    return undefined;
  }
}

let ready = false;
let suite;
for (let i = 0; i < 120 && !exited; i++) {
  await new Promise(r => setTimeout(r, 500));
  const r = await probe(
    `http://127.0.0.1:${port}/.backstage/health/v1/readiness`,
  );
  if (r?.status === 200) {
    ready = true;
    // The suite's plugin is mounted (it answers 401 without a token, not 404).
    suite = await probe(
      `http://127.0.0.1:${port}/api/container-security/scorecards`,
    );
    break;
  }
}
child.kill('SIGTERM');
await new Promise(r => (exited ? r() : child.on('exit', r)));

const databases = execFileSync(
  'psql',
  [
    '-h',
    '127.0.0.1',
    '-U',
    'postgres',
    '-Atc',
    `select datname from pg_database where datname like '${prefix}%'`,
  ],
  { encoding: 'utf8' },
)
  .split('\n')
  .filter(Boolean);
for (const db of databases) {
  execFileSync('psql', [
    '-h',
    '127.0.0.1',
    '-U',
    'postgres',
    '-qc',
    `drop database "${db}"`,
  ]);
}
if (!keep) fs.rmSync(work, { recursive: true, force: true });

if (!ready) {
  console.error(log.split('\n').slice(-30).join('\n'));
  fail('the CMD did not become ready');
}
if (!suite || suite.status === 404) {
  fail(`the container-security plugin is not mounted (${suite?.status})`);
}
console.log(
  `check-backend-image: ok (${copies.length} COPY steps in the context, production install, ` +
    `CMD ready on :${port}, ${databases.length} plugin databases on PostgreSQL, dropped)`,
);
