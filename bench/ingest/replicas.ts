/*
 * Falco ingest over two backend replicas: boots two real backends on one private
 * PostgreSQL cluster (each with its own spool, as on the StatefulSet's volumes) behind
 * a round-robin TCP proxy on loopback (roundRobinProxy.js), and measures the dedicated
 * listener with the ingest bench's senders in three set-ups, same run, same sender:
 * one replica directly, one replica behind the proxy, two replicas behind the proxy.
 * Then checks that every acknowledged event is stored exactly once.
 * The proxy balances connections, not requests: the serial sender's one keep-alive
 * connection lands on one replica; the 16 concurrent senders spread 8 and 8.
 * Last line: one JSON object (`oneDirect…`, `oneProxied…`, `twoProxied…`, `stored…`).
 * Run with `flock /tmp/cs-e2e.lock yarn bench:ingest:replicas` (it binds 7007-7009,
 * 7017-7019 and 7020).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchBackend } from './backend';
import { IngestFigures, measureIngest, prefixed } from './measure';
import { PrivatePostgres } from './privatePostgres';
import { round, Sender } from './sender';

const ROOT = path.resolve(__dirname, '../..');
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 55434);
const SERIAL_EVENTS = Number(process.env.BENCH_SERIAL_EVENTS ?? 3000);
const CONCURRENT_EVENTS = Number(process.env.BENCH_CONCURRENT_EVENTS ?? 24000);
const SENDERS = 16;
const PROXY_PORT = 7020;
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
const ids: string[] = [];

/** A fixture event as Falcosidekick forwards it: with a fresh uuid. */
function nextBody(): string {
  const id = randomUUID();
  ids.push(id);
  const line = fixtureLines[sequence++ % fixtureLines.length];
  return `${line.slice(0, -1)},"uuid":"${id}"}`;
}
const idOf = (body: string) => body.slice(-38, -2);

/** A replica's config: its ports and spool; the database and sources shared. */
function replicaConfig(
  work: string,
  name: string,
  port: number,
  secret: string,
): string {
  const file = path.join(work, `app-config.${name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { port },
        database: PrivatePostgres.backendDatabase(PG_PORT),
      },
      containerSecurityDemo: { localLambda: { port: port + 2 } },
      containerSecurity: {
        falco: {
          sources: [{ id: 'bench-sidekick', secret, cluster: 'bench' }],
          ingest: {
            spoolDirectory: path.join(work, `${name}-spool`),
            acknowledgeAfter: 'spool',
            listener: { host: '127.0.0.1', port: port + 1 },
          },
          retention: { maxAge: { days: 0 }, maxCount: 0 },
          demo: { replay: { enabled: false, path: '/dev/null' } },
        },
      },
    }),
  );
  return file;
}

/** Starts the proxy in front of `upstreams`; resolves with a stop function. */
async function startProxy(upstreams: number[]): Promise<() => void> {
  const child = spawn(
    process.execPath,
    [
      path.join(__dirname, 'roundRobinProxy.js'),
      String(PROXY_PORT),
      ...upstreams.map(String),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', code => reject(new Error(`proxy exited with ${code}`)));
  });
  return () => child.kill('SIGTERM');
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-replicas-'));
  const secret = randomBytes(24).toString('hex');
  const headers = { 'x-falco-secret': secret };
  const pg = new PrivatePostgres(PG_PORT);
  const replicas = [
    { name: 'a', port: 7007 },
    { name: 'b', port: 7017 },
  ].map(
    r =>
      new BenchBackend(
        [
          path.join(ROOT, 'app-config.yaml'),
          replicaConfig(work, r.name, r.port, secret),
        ],
        path.join(work, `${r.name}.log`),
        {},
        r.port,
      ),
  );
  const acked = new Set<string>();
  const results: Record<string, number | boolean> = {};
  const measure = (port: number) =>
    measureIngest({
      port,
      path: WEBHOOK,
      headers,
      nextBody,
      serialEvents: SERIAL_EVENTS,
      concurrentEvents: CONCURRENT_EVENTS,
      senders: SENDERS,
      onAcked: body => acked.add(idOf(body)),
    });
  const record = (prefix: string, figures: IngestFigures) => {
    log(prefix, figures);
    Object.assign(results, prefixed(prefix, figures));
  };
  const db = () => pg.pluginDatabase(2);
  try {
    pg.init();
    pg.start();
    // One after the other: both would run the plugin's migrations at once otherwise.
    for (const replica of replicas) {
      replica.start();
      await replica.waitHealthy();
    }
    log('replicas healthy', { work });
    for (const port of [7008, 7018]) {
      const warm = new Sender(WEBHOOK, headers, port);
      for (let i = 0; i < 500; i++) await warm.post(nextBody());
      warm.close();
    }

    record('oneDirect', await measure(7008));
    let stopProxy = await startProxy([7008]);
    record('oneProxied', await measure(PROXY_PORT));
    stopProxy();
    stopProxy = await startProxy([7008, 7018]);
    record('twoProxied', await measure(PROXY_PORT));
    stopProxy();

    results.twoToOneProxiedConcurrent = round(
      Number(results.twoProxiedConcurrentEventsPerSec) /
        Number(results.oneProxiedConcurrentEventsPerSec),
      3,
    );
    // Every acknowledged event stored, and once: the moves out of both spools are done
    // when the alert count stops changing.
    const knex = db();
    try {
      const count = async () =>
        Number(
          (await knex('container_security_falco_alerts').count({ n: '*' }))[0]
            .n,
        );
      let last = -1;
      for (let n = await count(); n !== last; n = await count()) {
        last = n;
        await new Promise(r => setTimeout(r, 2000));
      }
      let found = 0;
      const list = [...acked];
      for (let i = 0; i < list.length; i += 5000) {
        const [{ n }] = await knex('container_security_falco_alerts')
          .whereIn('id', list.slice(i, i + 5000))
          .count({ n: '*' });
        found += Number(n);
      }
      results.storedAcked = list.length;
      results.storedLost = list.length - found;
      results.storedRows = last;
      results.sentEvents = ids.length;
    } finally {
      await knex.destroy();
    }
  } finally {
    await Promise.all(replicas.map(r => r.stop()));
    pg.destroy();
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
