/*
 * Responder rules benchmark.
 *
 * 1. The engine: 500 generated Talon rules, 100,000 events built from the public Falco
 *    sample events' shapes (rules, priorities, tags and fields varied). Rules are
 *    indexed by the Falco rule they name, so an event is tested only against the rules
 *    for its Falco rule plus the rules that name none (the bench prints how many that
 *    is); each test is two integer comparisons for the priority and small-array scans.
 * 2. The backend: the ingest benchmark's serial sender (one keep-alive connection, one
 *    event per request, through the dedicated ingest listener) against the real
 *    backend with no rules, then with the same 500 rules loaded (every rule in dry-run,
 *    the Lambda endpoint pointing at nothing), then with 500 rules none of which match
 *    the events (evaluation alone), alternating twice (BENCH_ALTERNATIONS).
 *    The events name the demo catalog's pods, so every alert is attributed to a service
 *    and reaches the rules; each run starts once alerts are attributed and the
 *    warm-up's actions are done. The matched actions (dry runs, failing fast) are
 *    handled off the acknowledgement path but share the CPU, so they are in the figure.
 *
 * Last line: one JSON object with `ruleEvalMicrosPerEvent` and `ingestSlowdownPercent`.
 * Run with `flock /tmp/cs-e2e.lock yarn bench:responders` (the backend binds 7007, 7008).
 * BENCH_SKIP_BACKEND=1 measures the engine only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Knex } from 'knex';
import {
  compileTalonRules,
  parseTalonRules,
  TalonEvent,
} from '@containersec/plugin-container-security-node';
import { BenchBackend } from '../ingest/backend';
import { PrivatePostgres } from '../ingest/privatePostgres';
import { percentile, round, Sender } from '../ingest/sender';
import {
  BENCH_ACTIONNERS,
  BENCH_FUNCTIONS,
  generateEvents,
  generateTalonRules,
  unmatchedVocabulary,
  vocabulary,
} from './generate';

const ROOT = path.resolve(__dirname, '../..');
const RULES = Number(process.env.BENCH_RULES ?? 500);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const ROUNDS = 5;
const SERIAL_EVENTS = Number(process.env.BENCH_SERIAL_EVENTS ?? 3000);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 55433);
const LISTENER_PORT = 7008;
const ACKNOWLEDGE_AFTER = process.env.BENCH_ACKNOWLEDGE_AFTER ?? 'spool';
/** Backend runs without and with rules, alternating, to spread the machine's noise. */
const ALTERNATIONS = Number(process.env.BENCH_ALTERNATIONS ?? 2);

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
const fixtures: TalonEvent[] = fixtureLines.map(l => JSON.parse(l));
const words = vocabulary(fixtures);
const rulesYaml = generateTalonRules(RULES, words);
/** 500 rules that the bench's events never match: the cost of evaluation alone. */
const unmatchedRulesYaml = generateTalonRules(
  RULES,
  unmatchedVocabulary(words),
  13,
  0,
);

function measureEngine() {
  let begun = performance.now();
  const set = parseTalonRules(
    [{ path: 'generated.yaml', content: rulesYaml }],
    {
      actionners: BENCH_ACTIONNERS,
    },
  );
  const parseMs = performance.now() - begun;
  begun = performance.now();
  const matcher = compileTalonRules(set);
  const compileMs = performance.now() - begun;
  const events = generateEvents(EVENTS, fixtures, words);

  // How many rules an event is tested against: those naming its Falco rule plus those
  // naming none.
  const catchAll = set.rules.filter(r => r.match.rules.length === 0).length;
  const byName = new Map<string, number>();
  for (const rule of set.rules) {
    for (const name of new Set(rule.match.rules)) {
      byName.set(name, (byName.get(name) ?? 0) + 1);
    }
  }
  const candidates =
    events.reduce((n, e) => n + (byName.get(e.rule) ?? 0), 0) / events.length +
    catchAll;

  let matches = 0;
  let actions = 0;
  for (const e of events) {
    // Warm-up, and the match counts.
    for (const m of matcher.match(e)) {
      matches += 1;
      actions += m.actions.length;
    }
  }
  const perRound: number[] = [];
  let sink = 0;
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    begun = performance.now();
    for (let i = 0; i < events.length; i++) {
      sink += matcher.match(events[i]).length;
    }
    perRound.push(((performance.now() - begun) * 1000) / events.length);
  }
  if (sink !== matches * ROUNDS)
    throw new Error('matches changed between rounds');
  return {
    rules: set.rules.length,
    events: events.length,
    parseMs: round(parseMs, 1),
    compileMs: round(compileMs, 2),
    rulesTestedPerEvent: round(candidates, 1),
    matchesPerEvent: round(matches / events.length, 3),
    actionsPerEvent: round(actions / events.length, 3),
    microsPerEventRounds: perRound.map(m => round(m, 3)),
    ruleEvalMicrosPerEvent: round(percentile(perRound, 50), 3),
  };
}

/** The rules the backend reports loaded (GET /responders), or undefined when it cannot tell. */
async function loadedRules(token: string): Promise<number | undefined> {
  return new Promise(resolve => {
    const req = http.get(
      'http://127.0.0.1:7007/api/container-security/responders',
      { headers: { authorization: `Bearer ${token}` } },
      res => {
        let body = '';
        res.on('data', c => (body += c));
        res.on('end', () => {
          try {
            const rules = JSON.parse(body)?.rules;
            resolve(
              res.statusCode === 200 && Array.isArray(rules)
                ? rules.length
                : undefined,
            );
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    req.on('error', () => resolve(undefined));
    req.setTimeout(5000, () => req.destroy());
  });
}

/** CPU time (user + system, all threads) a process has used, in microseconds. */
function cpuMicros(pid: number | undefined): number {
  if (!pid) return NaN;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10_000; // USER_HZ is 100 on Linux
}

/** Stored alerts, those attributed to a service, and responder actions so far. */
async function counts(db: Knex) {
  const count = async (
    table: string,
    where?: (q: Knex.QueryBuilder) => void,
  ) => {
    try {
      const q = db(table).count({ n: '*' });
      if (where) where(q);
      const [{ n }] = await q;
      return Number(n);
    } catch {
      return 0; // not migrated yet
    }
  };
  return {
    alerts: await count('container_security_falco_alerts'),
    attributed: await count('container_security_falco_alerts', q =>
      q.whereNotNull('entity_ref'),
    ),
    actions: await count('container_security_responder_actions'),
  };
}

async function measureIngest() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'responders-bench-'));
  const rulesFile = path.join(work, 'generated-rules.yaml');
  fs.writeFileSync(rulesFile, rulesYaml);
  const unmatchedRulesFile = path.join(work, 'unmatched-rules.yaml');
  fs.writeFileSync(unmatchedRulesFile, unmatchedRulesYaml);
  const secret = randomBytes(24).toString('hex');
  const token = randomBytes(24).toString('hex');
  const baseConfig = (spool: string) => ({
    backend: {
      database: PrivatePostgres.backendDatabase(PG_PORT),
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token, subject: 'responders-bench' },
            accessRestrictions: [{ plugin: 'container-security' }],
          },
        ],
      },
    },
    containerSecurity: {
      falco: {
        sources: [{ id: 'bench-sidekick', secret }],
        ingest: {
          spoolDirectory: spool,
          acknowledgeAfter: ACKNOWLEDGE_AFTER,
          listener: { host: '127.0.0.1', port: LISTENER_PORT },
        },
        retention: { maxAge: { days: 0 }, maxCount: 0 },
      },
    },
  });
  const responders = {
    killSwitch: false,
    rulesFiles: [rulesFile],
    // No rule listed: every rule runs in dry-run.
    ruleModes: {},
    functions: BENCH_FUNCTIONS.map(name => ({ name })),
    actionners: BENCH_ACTIONNERS,
    // Nothing listens on the discard port: an invocation fails at once.
    lambda: {
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9',
      timeout: { seconds: 1 },
      maxRetries: 0,
    },
  };

  // The backend evaluates rules on alerts attributed to a service (nothing can act on
  // the others), so the fixture events name the demo catalog's pods: every stored alert
  // is then evaluated.
  const demoPods = fs
    .readFileSync(path.resolve(ROOT, 'examples/falco/events.jsonl'), 'utf8')
    .split('\n')
    .filter(l => l.trim())
    .map(l => JSON.parse(l).output_fields ?? {})
    .filter(f => f['k8s.ns.name'] && f['k8s.pod.name'])
    .map(f => ({ ns: f['k8s.ns.name'], pod: f['k8s.pod.name'] }));
  const bodies = fixtureLines.map((line, i) => {
    const event = JSON.parse(line);
    const { ns, pod } = demoPods[i % demoPods.length];
    event.output_fields = {
      ...event.output_fields,
      'k8s.ns.name': ns,
      'k8s.pod.name': pod,
    };
    return JSON.stringify(event);
  });
  const unmatchedMatcher = compileTalonRules(
    parseTalonRules([{ path: 'unmatched.yaml', content: unmatchedRulesYaml }], {
      actionners: BENCH_ACTIONNERS,
    }),
  );
  if (bodies.some(b => unmatchedMatcher.match(JSON.parse(b)).length > 0)) {
    throw new Error('the unmatched rules match a bench event');
  }
  let sequence = 0;
  const nextBody = () => {
    const body = bodies[sequence++ % bodies.length];
    return `${body.slice(0, -1)},"uuid":"${randomUUID()}"}`;
  };

  const pg = new PrivatePostgres(PG_PORT);
  type RuleLoad = 'none' | 'matching' | 'unmatched';
  const runs: Array<{
    rules: RuleLoad;
    eventsPerSec: number;
    p50Ms: number;
    p99Ms: number;
    loaded?: number;
    attributedShare: number;
    actionsRecorded: number;
    backendCpuMicrosPerEvent: number;
  }> = [];
  let db: Knex | undefined;
  try {
    pg.init();
    pg.start();
    let n = 0;
    const order: RuleLoad[] = ['none', 'matching', 'unmatched'];
    for (let k = 0; k < ALTERNATIONS * order.length; k++) {
      const load = order[k % order.length];
      const config = baseConfig(path.join(work, `spool-${n}`));
      // app-config.yaml loads the demo's rules; the baseline has no rules files and
      // otherwise the same responders settings.
      (config.containerSecurity as Record<string, unknown>).responders =
        load === 'none'
          ? { ...responders, rulesFiles: [] }
          : {
              ...responders,
              rulesFiles: [
                load === 'matching' ? rulesFile : unmatchedRulesFile,
              ],
            };
      const configFile = path.join(work, `app-config.${n}.yaml`);
      fs.writeFileSync(configFile, JSON.stringify(config));
      const backendLog = path.join(work, `backend.${n}.log`);
      n += 1;
      const backend = new BenchBackend(
        [path.join(ROOT, 'app-config.yaml'), configFile],
        backendLog,
        process.env.BENCH_BACKEND_NODE_OPTIONS
          ? { NODE_OPTIONS: process.env.BENCH_BACKEND_NODE_OPTIONS }
          : {},
      );
      log('starting backend', { rules: load, log: backendLog });
      backend.start();
      try {
        await backend.waitHealthy();
        const loaded = await loadedRules(token);
        db ??= pg.pluginDatabase(2);
        const webhook = '/api/container-security/falco/events';
        const headers = { 'x-falco-secret': secret };
        // Warm-up (JIT, pools) until the workload sync has run and alerts are
        // attributed: before that, no alert reaches the rules.
        const warm = new Sender(webhook, headers, LISTENER_PORT);
        const deadline = Date.now() + 240_000;
        let warmShare = 0;
        while (warmShare < 0.5) {
          if (Date.now() > deadline) {
            throw new Error(
              `alerts are not attributed to services; see ${backendLog}`,
            );
          }
          const b = await counts(db);
          for (let i = 0; i < 250; i++) await warm.post(nextBody());
          await new Promise(r => setTimeout(r, 1000));
          const a = await counts(db);
          warmShare =
            (a.attributed - b.attributed) / Math.max(1, a.alerts - b.alerts);
        }
        warm.close();
        // Let the warm-up's actions finish, so each run starts with an idle backend.
        let settled = -1;
        for (let t = 0; t < 60; t++) {
          await new Promise(r => setTimeout(r, 2000));
          const { actions } = await counts(db);
          if (actions === settled) break;
          settled = actions;
        }
        const before = await counts(db);
        // The backend's own process (BenchBackend spawns it as a process-group leader).
        const pid = (backend as unknown as { child?: { pid?: number } }).child
          ?.pid;
        const cpuBefore = cpuMicros(pid);
        const serial = new Sender(webhook, headers, LISTENER_PORT);
        const begun = performance.now();
        for (let i = 0; i < SERIAL_EVENTS; i++) await serial.post(nextBody());
        const seconds = (performance.now() - begun) / 1000;
        serial.close();
        if (serial.non2xx + serial.errors > 0) {
          throw new Error(
            `${
              serial.non2xx + serial.errors
            } events not acknowledged; see ${backendLog}`,
          );
        }
        // Write-ahead moves reach the database within about 10 ms of the answer.
        await new Promise(r => setTimeout(r, 1000));
        const cpuPerEvent = (cpuMicros(pid) - cpuBefore) / SERIAL_EVENTS;
        const after = await counts(db);
        const run = {
          rules: load,
          attributedShare: round(
            (after.attributed - before.attributed) /
              Math.max(1, after.alerts - before.alerts),
            3,
          ),
          actionsRecorded: after.actions - before.actions,
          backendCpuMicrosPerEvent: round(cpuPerEvent, 0),
          eventsPerSec: round(serial.latencies.length / seconds, 0),
          p50Ms: round(percentile(serial.latencies, 50), 3),
          p99Ms: round(percentile(serial.latencies, 99), 3),
          ...(load !== 'none' && { loaded }),
        };
        log('serial sender', run);
        runs.push(run);
      } finally {
        await backend.stop();
      }
    }
  } finally {
    await db?.destroy();
    pg.destroy();
  }
  const mean = (load: RuleLoad, of: (r: (typeof runs)[number]) => number) => {
    const r = runs.filter(x => x.rules === load);
    return r.reduce((s, x) => s + of(x), 0) / r.length;
  };
  const rate = (load: RuleLoad) => mean(load, r => r.eventsPerSec);
  const cpu = (load: RuleLoad) =>
    round(
      mean(load, r => r.backendCpuMicrosPerEvent),
      0,
    );
  const without = rate('none');
  const matching = rate('matching');
  const unmatched = rate('unmatched');
  const loaded = runs.find(r => r.rules !== 'none')?.loaded;
  const actions = runs.filter(r => r.rules === 'matching');
  return {
    runs,
    acknowledgeAfter: ACKNOWLEDGE_AFTER,
    serialEventsPerSecNoRules: round(without, 0),
    serialEventsPerSecWithRules: round(matching, 0),
    serialEventsPerSecUnmatchedRules: round(unmatched, 0),
    // CPU the backend spent per acknowledged event over the measured window (all
    // threads, background work included): steadier than throughput on a shared machine.
    backendCpuMicrosPerEvent: {
      none: cpu('none'),
      matching: cpu('matching'),
      unmatched: cpu('unmatched'),
    },
    // Null when the backend does not report its rules (GET /responders): the run then
    // cannot show that the rules were loaded.
    backendRulesLoaded: loaded ?? null,
    actionsRecordedPerRun: round(
      actions.reduce((s, r) => s + r.actionsRecorded, 0) / actions.length,
      0,
    ),
    // The 500 rules match about 4 of them per alert: dry-run actions recorded and
    // (failing) DryRun invocations in the background, on the same CPU.
    ingestSlowdownPercent: round((without / matching - 1) * 100, 1),
    // The same number of rules, none matching: evaluation alone.
    ingestSlowdownPercentUnmatched: round((without / unmatched - 1) * 100, 1),
  };
}

async function main() {
  const engine = measureEngine();
  log('engine', engine);
  const ingest =
    process.env.BENCH_SKIP_BACKEND === '1' ? {} : await measureIngest();
  console.log(
    JSON.stringify({
      ruleEvalMicrosPerEvent: engine.ruleEvalMicrosPerEvent,
      ingestSlowdownPercent:
        'ingestSlowdownPercent' in ingest ? ingest.ingestSlowdownPercent : null,
      engine,
      ingest,
    }),
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
