/*
 * Falco ingest benchmark: boots the real backend on a private PostgreSQL cluster and
 * drives its webhook over loopback like Falcosidekick does (one JSON event per request,
 * `uuid` added, shared-secret header). Measures one serial sender and 16 concurrent
 * senders, stored bytes per alert, a SIGKILL of the backend mid-stream, a 60 s
 * PostgreSQL outage under 1,000 events/s, the NATS JetStream path, and the per-service
 * alert list with 1,000,000 stored alerts. A bare node:http endpoint (bareServer.js) is
 * measured first with the same sender, and the HTTP figures are also given as ratios to
 * it (`serialRatioToBare`, `concurrentRatioToBare`, `route…RatioToBare`), which hold
 * still when the machine's load moves the absolute figures.
 * Last line: one JSON object with every figure.
 * Run with `flock /tmp/portal.lock yarn bench:ingest` (it binds 7007 and 7008).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { Knex } from 'knex';
import { BenchBackend } from './backend';
import { cpuSecondsOf, postmasterPid } from './cpu';
import { BenchNats } from './nats';
import { PrivatePostgres } from './privatePostgres';
import {
  figuresOf,
  IngestFigures,
  IngestSample,
  prefixed,
  sampleIngest,
} from './measure';
import { percentile, round, Sender } from './sender';
import { encodeAlertDetails } from '../../plugins/container-security-backend/src/falco/ingest/detailsCodec';
import { DatabaseFalcoAlertStore } from '../../plugins/container-security-backend/src/falco/DatabaseFalcoAlertStore';

const ROOT = path.resolve(__dirname, '../..');
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 55432);
const SERIAL_EVENTS = Number(process.env.BENCH_SERIAL_EVENTS ?? 5000);
const CONCURRENT_SENDERS = 16;
// Turns each endpoint takes; the events above are split between them.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENT_EVENTS = Number(process.env.BENCH_CONCURRENT_EVENTS ?? 32000);
const NATS_EVENTS = Number(process.env.BENCH_NATS_EVENTS ?? 30000);
const OUTAGE_SECONDS = Number(process.env.BENCH_OUTAGE_SECONDS ?? 60);
const OUTAGE_RATE = 1000;
const LIST_ALERTS = Number(process.env.BENCH_LIST_ALERTS ?? 1_000_000);
/** containerSecurity.falco.ingest.acknowledgeAfter: write-ahead (`spool`) unless told otherwise. */
const ACKNOWLEDGE_AFTER = process.env.BENCH_ACKNOWLEDGE_AFTER ?? 'spool';
/** The dedicated ingest listener (containerSecurity.falco.ingest.listener). */
const LISTENER_PORT = Number(process.env.BENCH_LISTENER_PORT ?? 7008);
/** The bare node:http baseline (bareServer.js), measured in the same run with the same sender. */
const BARE_PORT = Number(process.env.BENCH_BARE_PORT ?? 7011);
const BARE_DURABLE_PORT = Number(process.env.BENCH_BARE_DURABLE_PORT ?? 7012);

const log = (message: string, data: object = {}) =>
  process.stdout.write(`${message} ${JSON.stringify(data)}\n`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const fixtureLines = fs
  .readFileSync(
    path.resolve(ROOT, '../shared/fixtures/falco/events.jsonl'),
    'utf8',
  )
  .split('\n')
  .map(l => l.trim())
  .filter(Boolean);
let sequence = 0;

/** A fixture event as Falcosidekick forwards it: with a fresh uuid. */
function nextEvent(): { id: string; body: string; line: string } {
  const id = randomUUID();
  const line = fixtureLines[sequence++ % fixtureLines.length];
  return { id, line, body: `${line.slice(0, -1)},"uuid":"${id}"}` };
}

async function storedIds(db: Knex, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db('container_security_falco_alerts')
      .whereIn('id', ids.slice(i, i + 5000))
      .select('id');
    rows.forEach(r => found.add(String(r.id)));
  }
  return found;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

/** The last line: one JSON object, the headline figures first. */
function printLastLine(results: Record<string, number | boolean | string>) {
  const keys = [
    'natsEventsPerSec',
    'serialEventsPerSec',
    'serialP99Ms',
    'concurrentEventsPerSec',
    'concurrentP99Ms',
    'non2xx',
    'serialRatioToBare',
    'concurrentRatioToBare',
    'routeSerialRatioToBare',
    'routeConcurrentRatioToBare',
    'killAcked',
    'killLost',
    'outageAcked',
    'outageLost',
    'bytesPerAlert',
    'alertListP95Ms',
  ];
  const ordered = Object.fromEntries([
    ...keys.map(k => [k, results[k]]),
    ...Object.entries(results).filter(([k]) => !keys.includes(k)),
  ]);
  process.stdout.write(`${JSON.stringify(ordered)}\n`);
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-bench-'));
  const spoolDir = path.join(work, 'spool');
  const secret = randomBytes(24).toString('hex');
  const urlSecret = randomBytes(24).toString('hex');
  const token = randomBytes(24).toString('hex');
  const suffix = Date.now().toString(36);
  const nats = new BenchNats(
    `FALCO_BENCH_${suffix}`.toUpperCase(),
    `falcobench${suffix}`,
  );
  const configFile = path.join(work, 'app-config.bench.yaml');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      backend: {
        database: PrivatePostgres.backendDatabase(PG_PORT),
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token, subject: 'falco-bench' },
              accessRestrictions: [{ plugin: 'container-security' }],
            },
          ],
        },
      },
      containerSecurity: {
        falco: {
          sources: [
            { id: 'bench-sidekick', secret, cluster: 'bench' },
            { id: 'bench-falco', secret: urlSecret },
          ],
          ingest: {
            spoolDirectory: spoolDir,
            acknowledgeAfter: ACKNOWLEDGE_AFTER,
            listener: { host: '127.0.0.1', port: LISTENER_PORT },
            ...(process.env.BENCH_DB_WRITE_TIMEOUT_MS
              ? {
                  dbWriteTimeout: {
                    milliseconds: Number(process.env.BENCH_DB_WRITE_TIMEOUT_MS),
                  },
                }
              : {}),
          },
          nats: {
            servers: ['127.0.0.1:4222'],
            stream: nats.stream,
            subjects: [`${nats.prefix}.>`],
            consumer: 'bench',
          },
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
  const results: Record<string, number | boolean | string> = {};
  let db: Knex | undefined;
  try {
    pg.init();
    pg.start();
    await nats.createStream();
    log('starting backend', { log: backendLog });
    backend.start();
    await backend.waitHealthy();
    db = pg.pluginDatabase(4);
    const webhook = '/api/container-security/falco/events';
    const headers = { 'x-falco-secret': secret };

    // Warm-up (JIT, connection pools), not measured.
    for (const port of [LISTENER_PORT, 7007]) {
      const warm = new Sender(webhook, headers, port);
      for (let i = 0; i < 500; i++) await warm.post(nextEvent().body);
      warm.close();
    }

    const bareServers: ReturnType<typeof spawn>[] = [];
    const barePids = new Map<number, number>();
    const pgPid = postmasterPid(path.join(pg.dir, 'data'));

    const sample = (port: number) => {
      // The endpoint's side of the CPU: the bare process, or the backend and PostgreSQL.
      const barePid = barePids.get(port);
      return sampleIngest({
        serverCpuSeconds: () =>
          cpuSecondsOf(barePid ? [barePid] : [backend.pid!, pgPid]),
        databaseCpuSeconds: () => (barePid ? 0 : cpuSecondsOf([pgPid])),
        port,
        path: webhook,
        headers,
        nextBody: () => nextEvent().body,
        serialEvents: Math.ceil(SERIAL_EVENTS / ROUNDS),
        concurrentEvents: Math.ceil(CONCURRENT_EVENTS / ROUNDS),
        senders: CONCURRENT_SENDERS,
      });
    };

    let started: number;
    let seconds: number;

    // The baselines: a bare node:http endpoint that reads, JSON-parses and answers 200,
    // and the same syncing each body to a file first (the durable floor, see bareServer.js).
    const startBare = async (port: number, file?: string) => {
      const child = spawn(
        process.execPath,
        [
          path.join(__dirname, 'bareServer.js'),
          String(port),
          ...(file ? [file] : []),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      bareServers.push(child);
      barePids.set(port, child.pid!);
      await new Promise<void>((resolve, reject) => {
        child.stdout!.once('data', () => resolve());
        child.once('exit', code =>
          reject(new Error(`bare server exited with ${code}`)),
        );
      });
      const warm = new Sender(webhook, headers, port);
      for (let i = 0; i < 500; i++) await warm.post(nextEvent().body);
      warm.close();
    };
    // The endpoints take turns, in rounds whose order rotates, so a load that comes and
    // goes on this shared machine weighs on each alike rather than on one phase.
    const endpoints = [
      { name: 'bare', port: BARE_PORT },
      { name: 'listener', port: LISTENER_PORT },
      { name: 'bareDurable', port: BARE_DURABLE_PORT },
      { name: 'route', port: 7007 },
    ];
    const samples = new Map<string, IngestSample[]>(
      endpoints.map(e => [e.name, []]),
    );
    try {
      await startBare(BARE_PORT);
      await startBare(
        BARE_DURABLE_PORT,
        path.join(work, 'bare-durable.ndjson'),
      );
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < endpoints.length; i++) {
          const endpoint = endpoints[(round + i) % endpoints.length];
          samples.get(endpoint.name)!.push(await sample(endpoint.port));
        }
      }
    } finally {
      bareServers.forEach(child => child.kill('SIGTERM'));
    }
    const bare = figuresOf(samples.get('bare')!);
    const listener = figuresOf(samples.get('listener')!);
    const durable = figuresOf(samples.get('bareDurable')!);
    const routed = figuresOf(samples.get('route')!);
    log('bare node:http', bare);
    log('bare node:http with a synced write', durable);
    log('listener', listener);
    log('route', routed);
    const cpuPerEvent = (figures: IngestFigures) =>
      (figures.concurrentServerCpuMicrosPerEvent ?? Number.NaN) +
      (figures.concurrentSenderCpuMicrosPerEvent ?? Number.NaN);
    // Ours ÷ bare, same run, same sender: comparable across runs on a loaded machine.
    const ratio = (ours: number, base: number) => round(ours / base, 3);
    const ratiosToBare = (figures: IngestFigures) => ({
      serialRatioToBare: ratio(
        figures.serialEventsPerSec,
        bare.serialEventsPerSec,
      ),
      concurrentRatioToBare: ratio(
        figures.concurrentEventsPerSec,
        bare.concurrentEventsPerSec,
      ),
      // The ratio the cores allow when both sides are bound by CPU alone: bare's CPU per
      // event (server and sender) ÷ ours (backend, PostgreSQL and sender).
      concurrentCpuBoundRatioToBare: ratio(
        cpuPerEvent(bare),
        cpuPerEvent(figures),
      ),
    });
    Object.assign(
      results,
      prefixed('bare', bare),
      prefixed('bareDurable', durable),
      // The dedicated listener: the figures the targets apply to.
      { acknowledgeAfter: ACKNOWLEDGE_AFTER, rounds: ROUNDS },
      listener,
      // The same through the Backstage route, for comparison.
      prefixed('route', routed),
      ratiosToBare(listener),
      prefixed('route', ratiosToBare(routed)),
      // The most a durable acknowledgement leaves of the bare figures on this disk.
      prefixed('durableBare', ratiosToBare(durable)),
    );
    // How much the listener's ratio moved between rounds: the run's own noise.
    const perRound = (key: 'serialEventsPerSec' | 'concurrentEventsPerSec') =>
      samples
        .get('listener')!
        .map((s, i) =>
          ratio(figuresOf([s])[key], figuresOf([samples.get('bare')![i]])[key]),
        );
    const serialRounds = perRound('serialEventsPerSec');
    const concurrentRounds = perRound('concurrentEventsPerSec');
    results.serialRatioRoundMin = Math.min(...serialRounds);
    results.serialRatioRoundMax = Math.max(...serialRounds);
    results.concurrentRatioRoundMin = Math.min(...concurrentRounds);
    results.concurrentRatioRoundMax = Math.max(...concurrentRounds);
    log('ratios to bare', {
      serial: results.serialRatioToBare,
      concurrent: results.concurrentRatioToBare,
      routeSerial: results.routeSerialRatioToBare,
      routeConcurrent: results.routeConcurrentRatioToBare,
      durableBareSerial: results.durableBareSerialRatioToBare,
      durableBareConcurrent: results.durableBareConcurrentRatioToBare,
      serialRounds,
      concurrentRounds,
    });

    if (process.env.BENCH_ONLY_HTTP) {
      // The HTTP figures only; still ends with the one JSON line.
      printLastLine(results);
      return;
    }

    // Falco's http_output with the URL secret; the secret must not reach the log.
    const viaUrl = new Sender(`${webhook}/bench-falco/${urlSecret}`, {});
    for (let i = 0; i < 3; i++) await viaUrl.post(fixtureLines[i]);
    await new Sender(`${webhook}/bench-falco/${urlSecret.slice(1)}x`, {}).post(
      fixtureLines[0],
    );
    viaUrl.close();
    results.urlSecretAccepted = viaUrl.latencies.length === 3;

    // Stored bytes per alert: heap, indexes and TOAST of the alert table.
    await db.raw('vacuum analyze container_security_falco_alerts');
    const size = await db.raw(
      `select pg_total_relation_size('container_security_falco_alerts') as bytes,
              (select count(*) from container_security_falco_alerts) as n`,
    );
    results.storedAlerts = Number(size.rows[0].n);
    results.bytesPerAlert = round(
      Number(size.rows[0].bytes) / Number(size.rows[0].n),
      0,
    );
    log('size', {
      bytesPerAlert: results.bytesPerAlert,
      alerts: results.storedAlerts,
    });

    // NATS JetStream: Falcosidekick's NATS output into the stream, the backend's consumer out.
    const natsEvents = Array.from({ length: NATS_EVENTS }, () => {
      const e = nextEvent();
      const { priority } = JSON.parse(e.line);
      return {
        subject: `${String(priority).toLowerCase()}.bench`,
        body: e.body,
      };
    });
    const natsCount = () =>
      db!('container_security_falco_alerts')
        .where('ingest_source', `nats:${nats.stream}`)
        .count({ n: '*' })
        .then(r => Number(r[0].n));
    started = performance.now();
    await nats.publish(natsEvents);
    const published = performance.now();
    const natsDone = await waitFor(
      async () => (await natsCount()) >= NATS_EVENTS,
      300_000,
    );
    seconds = (performance.now() - started) / 1000;
    results.natsEventsPerSec = round((await natsCount()) / seconds, 0);
    results.natsPublishSeconds = round((published - started) / 1000, 2);
    results.natsComplete = natsDone;
    log('nats', { natsEventsPerSec: results.natsEventsPerSec, natsDone });

    // SIGKILL mid-stream.
    {
      const acked: string[] = [];
      let stop = false;
      const killSenders = Array.from(
        { length: 4 },
        () => new Sender(webhook, headers),
      );
      const loops = killSenders.map(async s => {
        while (!stop) {
          const e = nextEvent();
          const status = await s.post(e.body);
          if (status >= 200 && status < 300) acked.push(e.id);
          else if (status === 0) await sleep(5);
        }
      });
      await sleep(3000);
      backend.kill();
      log('killed backend', { acked: acked.length });
      await sleep(500);
      stop = true;
      await Promise.all(loops);
      killSenders.forEach(s => s.close());
      backend.start();
      await backend.waitHealthy();
      await waitFor(
        async () =>
          !fs.existsSync(spoolDir) || fs.readdirSync(spoolDir).length === 0,
        60_000,
      );
      const found = await storedIds(db, acked);
      results.killAcked = acked.length;
      results.killLost = acked.filter(id => !found.has(id)).length;
      log('kill', { killAcked: results.killAcked, killLost: results.killLost });
    }

    // PostgreSQL down for OUTAGE_SECONDS under 1,000 events/s.
    {
      const acked: string[] = [];
      let failed = 0;
      let stop = false;
      const workers = 8;
      const interval = (1000 * workers) / OUTAGE_RATE;
      const t0 = performance.now();
      const outageSenders = Array.from(
        { length: workers },
        () => new Sender(webhook, headers),
      );
      const loops = outageSenders.map(async (s, w) => {
        for (let i = 0; !stop; i++) {
          const due = t0 + w * (interval / workers) + i * interval;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          const e = nextEvent();
          const status = await s.post(e.body);
          if (status >= 200 && status < 300) acked.push(e.id);
          else failed += 1;
        }
      });
      await sleep(5000);
      pg.stop();
      log('postgres stopped', { acked: acked.length });
      await sleep(OUTAGE_SECONDS * 1000);
      pg.start();
      log('postgres started', { acked: acked.length });
      await sleep(10_000);
      stop = true;
      await Promise.all(loops);
      const sendSeconds = (performance.now() - t0) / 1000;
      outageSenders.forEach(s => s.close());
      const spoolEmpty = await waitFor(
        async () =>
          !fs.existsSync(spoolDir) || fs.readdirSync(spoolDir).length === 0,
        120_000,
      );
      const found = await storedIds(db, acked);
      const latencies = outageSenders.flatMap(s => s.latencies);
      Object.assign(results, {
        outageAcked: acked.length,
        outageLost: acked.filter(id => !found.has(id)).length,
        outageNon2xx: failed,
        outageSendRate: round(acked.length / sendSeconds, 0),
        outageP99Ms: round(percentile(latencies, 99), 3),
        outageSpoolDrained: spoolEmpty,
      });
      log('outage', results);
    }

    // The per-service alert list over LIST_ALERTS stored alerts.
    {
      const detailsHex = encodeAlertDetails({
        output: JSON.parse(fixtureLines[20]).output,
        outputFields: JSON.parse(fixtureLines[20]).output_fields,
        extraFields: {},
      }).toString('hex');
      const existing = Number(
        (await db('container_security_falco_alerts').count({ n: '*' }))[0].n,
      );
      const toAdd = Math.max(0, LIST_ALERTS - existing);
      const base = Date.parse('2026-01-01T00:00:00Z');
      await db.raw(
        `insert into container_security_falco_alerts
           (id, time_ms, time_ns, rule, priority, source, hostname, cluster, namespace, pod,
            container, tags, details, ingest_source, received_at, entity_ref, status)
         select gen_random_uuid(), ?::bigint + i * 37, i % 1000000,
                (array['Terminal shell in container','Read sensitive file untrusted','Contact K8S API Server From Container'])[1 + i % 3],
                i % 8, 'syscall', 'node-' || (i % 50), 'bench', 'ns-' || (i % 100),
                'pod-' || (i % 5000), 'app',
                '["container","mitre_execution","shell"]', decode(?, 'hex'), 'bench-bulk', ?::bigint,
                case when i % 1000 = 0 then 'component:default/payments-api'
                     else 'component:default/bench-svc-' || (i % 1000) end,
                'open'
         from generate_series(1, ?) as i`,
        [base, detailsHex, base, toAdd],
      );
      await db.raw('vacuum analyze container_security_falco_alerts');
      const total = Number(
        (await db('container_security_falco_alerts').count({ n: '*' }))[0].n,
      );
      results.listStoredAlerts = total;
      const routePath =
        '/api/container-security/entities/default/component/payments-api/alerts?limit=50';
      const probe = new Sender(routePath, {});
      // The list route checks entity.read for a user: sign in as the demo's guest.
      const guest = await fetch(
        'http://127.0.0.1:7007/api/auth/guest/refresh',
        {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        },
      )
        .then(r => (r.ok ? r.json() : undefined))
        .catch(() => undefined);
      const listToken: string = guest?.backstageIdentity?.token ?? token;
      const routeStatus = await new Promise<number>(resolve => {
        const http = require('node:http');
        http
          .get(
            {
              host: '127.0.0.1',
              port: 7007,
              path: routePath,
              headers: { authorization: `Bearer ${listToken}` },
            },
            (res: any) => {
              res.resume();
              resolve(res.statusCode);
            },
          )
          .on('error', () => resolve(0));
      });
      probe.close();
      const timings: number[] = [];
      if (routeStatus === 200) {
        const http = require('node:http');
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        for (let i = 0; i < 300; i++) {
          const t = performance.now();
          await new Promise<void>((resolve, reject) => {
            http
              .get(
                {
                  host: '127.0.0.1',
                  port: 7007,
                  path: routePath,
                  agent,
                  headers: { authorization: `Bearer ${listToken}` },
                },
                (res: any) => {
                  res.resume();
                  res.on('end', () =>
                    res.statusCode === 200
                      ? resolve()
                      : reject(new Error(`status ${res.statusCode}`)),
                  );
                },
              )
              .on('error', reject);
          });
          if (i >= 20) timings.push(performance.now() - t);
        }
        agent.destroy();
        results.alertListVia = 'route';
      } else {
        const store = DatabaseFalcoAlertStore.create(db);
        for (let i = 0; i < 300; i++) {
          const t = performance.now();
          await store.listAlerts({
            entityRef: 'component:default/payments-api',
            limit: 50,
          });
          if (i >= 20) timings.push(performance.now() - t);
        }
        results.alertListVia = `store (route answered ${routeStatus})`;
      }
      results.alertListP50Ms = round(percentile(timings, 50), 3);
      results.alertListP95Ms = round(percentile(timings, 95), 3);
      log('alert list', {
        p95: results.alertListP95Ms,
        via: results.alertListVia,
        total,
      });
    }

    const logText = fs.readFileSync(backendLog, 'utf8');
    results.secretsInLog =
      logText.includes(secret) ||
      logText.includes(urlSecret) ||
      logText.includes(urlSecret.slice(1));
  } finally {
    await backend.stop();
    await db?.destroy();
    await nats.destroy().catch(() => undefined);
    pg.destroy();
  }
  printLastLine(results);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
