/*
 * Hostile-input benchmark: boots the real backend on a private PostgreSQL cluster (the
 * ingest bench's BenchBackend, PrivatePostgres and raw-socket Sender), runs 16 honest
 * Falcosidekick-like senders while /health is polled, once alone and once while a
 * hostile service, in its own process (hostileSender.ts), posts 4 MiB NDJSON bodies
 * back to back (see hostileBodies.ts).
 * Compares honest p99 and /health latency between the two runs, and checks that every
 * acknowledged honest event is stored.
 * Last line: one JSON object with `hostileHonestP99Ratio` (target ≤ 2),
 * `hostileHealthMaxMs` (target ≤ 500), `honestLost` and `honestNon2xx` (both 0).
 * Run with `flock /tmp/cs-e2e.lock yarn bench:hostile` (it binds 7007).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Knex } from 'knex';
import { BenchBackend } from '../ingest/backend';
import { PrivatePostgres } from '../ingest/privatePostgres';
import { percentile, round, Sender } from '../ingest/sender';
import { hostileBodies } from './hostileBodies';
import { postHostile } from './hostileSender';

const ROOT = path.resolve(__dirname, '../..');
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 55433);
const SENDERS = 16;
const EVENTS_PER_SENDER = Number(process.env.BENCH_HOSTILE_EVENTS ?? 300);
const HEALTH_EVERY_MS = 50;
const WEBHOOK = '/api/container-security/falco/events';

const log = (message: string, data: object = {}) =>
  process.stdout.write(`${message} ${JSON.stringify(data)}\n`);

const fixtureLines = fs
  .readFileSync(
    path.resolve(ROOT, '../shared/fixtures/falco/events.jsonl'),
    'utf8',
  )
  .split('\n')
  .map(l => l.trim())
  .filter(Boolean);
let sequence = 0;

/** A fixture event with a fresh uuid, as Falcosidekick forwards it. */
function honestEvent(): { id: string; body: string } {
  const id = randomUUID();
  const line = fixtureLines[sequence++ % fixtureLines.length];
  return { id, body: `${line.slice(0, -1)},"uuid":"${id}"}` };
}

/** GETs `path` on a fresh connection; resolves with the status and latency. */
function timedGet(urlPath: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise(resolve => {
    const req = http.get(
      { host: '127.0.0.1', port: 7007, path: urlPath, agent: false },
      res => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', () =>
      resolve({ status: 0, ms: performance.now() - started }),
    );
  });
}

/** Starts the hostile service in its own process; `stop` ends it and resolves with its answers' statuses. */
function startHostileSender(secret: string): {
  stop: () => Promise<Record<string, number>>;
} {
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(__dirname, 'hostileSender.ts'),
      '7007',
      WEBHOOK,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, HOSTILE_SECRET: secret },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout!.on('data', chunk => {
    output += chunk;
  });
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  return {
    stop: async () => {
      child.stdin!.end();
      await exited;
      return JSON.parse(output.trim().split('\n').pop() || '{}');
    },
  };
}

interface Run {
  honestP99Ms: number;
  healthMaxMs: number;
  healthNon200: number;
  acked: string[];
  non2xx: number;
  hostileStatuses: Record<string, number>;
}

/** 16 honest senders with /health polled beside them, and hostile posts if given. */
async function run(secret: string, hostile: boolean): Promise<Run> {
  const senders = Array.from(
    { length: SENDERS },
    () => new Sender(WEBHOOK, { 'x-falco-secret': secret }),
  );
  const acked: string[] = [];
  let done = false;
  const health: number[] = [];
  let healthNon200 = 0;
  const poll = (async () => {
    while (!done) {
      const { status, ms } = await timedGet('/api/container-security/health');
      health.push(ms);
      if (status !== 200) healthNon200 += 1;
      await new Promise(r => setTimeout(r, HEALTH_EVERY_MS));
    }
  })();
  const attacker = hostile ? startHostileSender(secret) : undefined;
  await Promise.all(
    senders.map(async s => {
      for (let i = 0; i < EVENTS_PER_SENDER; i++) {
        const event = honestEvent();
        const status = await s.post(event.body);
        if (status >= 200 && status < 300) acked.push(event.id);
      }
      s.close();
    }),
  );
  done = true;
  const hostileStatuses = (await attacker?.stop()) ?? {};
  await poll;
  return {
    honestP99Ms: percentile(
      senders.flatMap(s => s.latencies),
      99,
    ),
    healthMaxMs: Math.max(...health),
    healthNon200,
    acked,
    non2xx: senders.reduce((n, s) => n + s.non2xx + s.errors, 0),
    hostileStatuses,
  };
}

async function storedCount(db: Knex, ids: string[]): Promise<number> {
  let found = 0;
  for (let i = 0; i < ids.length; i += 5000) {
    const [{ n }] = await db('container_security_falco_alerts')
      .whereIn('id', ids.slice(i, i + 5000))
      .count({ n: '*' });
    found += Number(n);
  }
  return found;
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-bench-'));
  const secret = randomBytes(24).toString('hex');
  const configFile = path.join(work, 'app-config.bench.yaml');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      backend: {
        database: PrivatePostgres.backendDatabase(PG_PORT),
      },
      containerSecurity: {
        falco: {
          sources: [{ id: 'bench-sidekick', secret, cluster: 'bench' }],
          ingest: { spoolDirectory: path.join(work, 'spool') },
          // The fixtures are years old: keep them for the whole run.
          retention: { maxAge: { days: 0 }, maxCount: 0 },
        },
      },
    }),
  );
  const backendLog = path.join(work, 'backend.log');
  const backend = new BenchBackend(
    [path.join(ROOT, 'app-config.yaml'), configFile],
    backendLog,
    process.env.BENCH_BACKEND_NODE_OPTIONS
      ? { NODE_OPTIONS: process.env.BENCH_BACKEND_NODE_OPTIONS }
      : {},
  );
  const pg = new PrivatePostgres(PG_PORT);
  let db: Knex | undefined;
  const results: Record<string, unknown> = {};
  try {
    pg.init();
    pg.start();
    log('starting backend', { log: backendLog });
    backend.start();
    await backend.waitHealthy();
    db = pg.pluginDatabase(2);

    // Warm-up (JIT, connection pools), not measured.
    const warm = new Sender(WEBHOOK, { 'x-falco-secret': secret });
    for (let i = 0; i < 500; i++) await warm.post(honestEvent().body);
    warm.close();
    for (const body of hostileBodies()) {
      await postHostile(7007, WEBHOOK, body, secret);
    }

    const quiet = await run(secret, false);
    log('honest senders alone', {
      p99Ms: round(quiet.honestP99Ms),
      healthMaxMs: round(quiet.healthMaxMs),
    });
    const attacked = await run(secret, true);
    log('honest senders beside hostile bodies', {
      p99Ms: round(attacked.honestP99Ms),
      healthMaxMs: round(attacked.healthMaxMs),
      hostile: attacked.hostileStatuses,
    });

    const acked = [...quiet.acked, ...attacked.acked];
    results.hostileHonestP99Ratio = round(
      attacked.honestP99Ms / quiet.honestP99Ms,
    );
    results.hostileHealthMaxMs = round(attacked.healthMaxMs);
    results.honestLost = acked.length - (await storedCount(db, acked));
    results.honestNon2xx = quiet.non2xx + attacked.non2xx;
    results.quietHonestP99Ms = round(quiet.honestP99Ms);
    results.hostileHonestP99Ms = round(attacked.honestP99Ms);
    results.quietHealthMaxMs = round(quiet.healthMaxMs);
    results.healthNon200 = quiet.healthNon200 + attacked.healthNon200;
    results.honestEvents = SENDERS * EVENTS_PER_SENDER * 2;
    results.hostileRequests = Object.values(attacked.hostileStatuses).reduce(
      (a, b) => a + b,
      0,
    );
    results.hostileStatuses = attacked.hostileStatuses;
    results.backendRssMb = round(
      Number(
        /VmRSS:\s+(\d+)/.exec(
          fs.readFileSync(`/proc/${backend.pid}/status`, 'utf8'),
        )?.[1] ?? NaN,
      ) / 1024,
    );
  } finally {
    await backend.stop();
    await db?.destroy();
    pg.destroy();
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
