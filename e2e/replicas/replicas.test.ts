/*
 * Two replicas behave as one: two instances of the real demo backend
 * (packages/backend/src/index.ts) over one PostgreSQL database set (and NATS at
 * 127.0.0.1:4222 as configured by the repository), on ports 7101 and 7102.
 *
 *   1. an alert posted to A reaches a signals WebSocket (a browser page) on B;
 *   2. each scheduled task of the suite runs on one instance per interval;
 *   3. an owner gets one notification for an alert, not one per replica;
 *   4. the same alert posted to both replicas is stored once;
 *   5. SIGKILL of a replica mid-ingest loses no acknowledged alert (its spool is drained
 *      when it comes back, as on a StatefulSet's volume).
 *
 * Run: flock /tmp/cs-e2e.lock node --require @backstage/cli/config/nodeTransform.cjs \
 *        --test e2e/replicas/replicas.test.ts
 * Needs PostgreSQL at 127.0.0.1:5432 (user postgres). Drops its databases at the end.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Duration } from 'luxon';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '../..');
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const PREFIX = `cs_replicas_${process.pid}_`;
const WEBHOOK = '/api/container-security/falco/events';
const SIGNAL_CHANNEL = 'container-security:alerts';
/** The cadence given to the suite's configurable tasks for this test. */
const TASK_SECONDS = 3;
const SECRET = randomBytes(24).toString('hex');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-replicas-'));
const spanFile = path.join(work, 'task-spans.jsonl');

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

class Replica {
  private child?: ChildProcess;
  readonly logFile: string;
  readonly configFile: string;

  constructor(
    readonly name: string,
    readonly port: number,
    lambdaPort: number,
  ) {
    this.logFile = path.join(work, `${name}.log`);
    this.configFile = path.join(work, `app-config.${name}.json`);
    // ISO strings, not objects: config objects merge key by key with app-config.yaml's
    // `{ minutes: 5 }`, strings replace them.
    const seconds = `PT${TASK_SECONDS}S`;
    const schedule = {
      frequency: seconds,
      timeout: 'PT1M',
      initialDelay: 'PT1S',
    };
    fs.writeFileSync(
      this.configFile,
      JSON.stringify({
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { port },
          database: {
            client: 'pg',
            connection: PG,
            prefix: PREFIX,
          },
        },
        containerSecurityDemo: { localLambda: { port: lambdaPort } },
        // As in deploy/kubernetes: keep using the events bus when a subscription made
        // during start-up finds the events backend not mounted yet (with the default
        // `auto`, a 404 then turns the bus off for good, and signals stay local).
        events: { useEventBus: 'always' },
        containerSecurity: {
          workloads: { schedule },
          audit: { schedule },
          cost: { schedule },
          falco: {
            sources: [{ id: 'replicas', secret: SECRET }],
            ingest: {
              // Per replica, as on the StatefulSet's volume.
              spoolDirectory: path.join(work, `${name}-spool`),
            },
            retention: { maxAge: { days: 365 }, frequency: seconds },
            demo: { replay: { enabled: false, path: '/dev/null' } },
          },
        },
      }),
    );
  }

  start() {
    const log = fs.openSync(this.logFile, 'a');
    this.child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        path.join(ROOT, 'app-config.yaml'),
        '--config',
        this.configFile,
      ],
      {
        cwd: path.join(ROOT, 'packages/backend'),
        env: {
          ...process.env,
          NODE_ENV: 'development',
          NODE_OPTIONS: `--require ${path.join(__dirname, 'taskSpans.cjs')}`,
          CS_TASK_SPAN_FILE: spanFile,
          CS_INSTANCE: this.name,
        },
        stdio: ['ignore', log, log],
        detached: true,
      },
    );
    fs.closeSync(log);
  }

  async waitHealthy() {
    await waitFor(
      `replica ${this.name} to be healthy (log: ${this.logFile})`,
      async () => {
        if (this.child?.exitCode !== null) {
          throw new Error(`replica ${this.name} exited; see ${this.logFile}`);
        }
        const res = await fetch(
          `http://127.0.0.1:${this.port}/api/container-security/health`,
        );
        return res.ok;
      },
      240_000,
    ).catch(e => {
      throw new Error(`${e.message}\n${tail(this.logFile)}`);
    });
  }

  kill() {
    if (this.child?.pid) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }

  async stop() {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise(r => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, sleep(15_000)]);
    this.kill();
  }

  async post(event: object): Promise<number> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.port}${WEBHOOK}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-falco-secret': SECRET,
        },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }
}

function tail(file: string) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

const template = JSON.parse(
  fs
    .readFileSync(path.join(ROOT, 'examples/falco/events.jsonl'), 'utf8')
    .split('\n')[1],
);
/** A fresh alert on payments/payments-api (owned by payments-team). */
function alert(priority = 'Warning', rule = template.rule) {
  const uuid = randomUUID();
  return {
    uuid,
    event: {
      ...template,
      uuid,
      priority,
      rule,
      time: new Date().toISOString(),
    },
  };
}

const a = new Replica('a', 7101, 7103);
const b = new Replica('b', 7102, 7104);
let db: Client;

async function query<T = any>(
  database: string,
  sql: string,
  params: unknown[] = [],
) {
  const client = new Client({ ...PG, database: `${PREFIX}${database}` });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function storedIds(ids: string[]): Promise<Set<string>> {
  const rows = await db.query(
    'select id::text as id from container_security_falco_alerts where id = any($1::uuid[])',
    [ids],
  );
  return new Set(rows.rows.map(r => String(r.id)));
}

before(async () => {
  // One after the other on the empty databases: Backstage's plugins create their
  // databases and run their first migrations at start-up, and two instances doing that
  // at the same moment on empty databases collide ("knex_migrations already exists",
  // "Migration table is already locked"). Once migrated, replicas start in any order
  // (the kill test below restarts A beside a running B).
  a.start();
  await a.waitHealthy();
  b.start();
  await b.waitHealthy();
  db = new Client({ ...PG, database: `${PREFIX}container-security` });
  await db.connect();
  // Attribution needs the catalog and a workload sync: wait until an alert on
  // payments-api is attributed to its component.
  await waitFor(
    'alerts to be attributed to component:default/payments-api',
    async () => {
      const { uuid, event } = alert();
      if ((await a.post(event)) !== 200) return false;
      const rows = await db.query(
        'select entity_ref from container_security_falco_alerts where id = $1',
        [uuid],
      );
      return rows.rows[0]?.entity_ref === 'component:default/payments-api';
    },
    120_000,
  );
});

after(async () => {
  await db?.end().catch(() => {});
  await Promise.all([a.stop(), b.stop()]);
  const admin = new Client({ ...PG, database: 'postgres' });
  await admin.connect();
  const dbs = await admin.query(
    'select datname from pg_database where datname like $1',
    [`${PREFIX}%`],
  );
  for (const { datname } of dbs.rows) {
    await admin.query(`drop database "${datname}" with (force)`);
  }
  await admin.end();
  if (!process.env.CS_REPLICAS_KEEP) {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

describe('two replicas over one PostgreSQL', () => {
  it('deliver an alert posted to A live to a signals WebSocket on B', async () => {
    // The signals backend starts handling upgrades once it has seen one (as with a
    // browser's first connection): connect until a socket opens.
    const messages: any[] = [];
    const attempts: string[] = [];
    const socket = await waitFor('a signals WebSocket on B', async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${b.port}/api/signals`);
      const outcome = await new Promise<string>(resolve => {
        ws.addEventListener('open', () => resolve('open'));
        ws.addEventListener('error', () => resolve('error'));
        ws.addEventListener('close', e => resolve(`close ${e.code}`));
        // The first upgrade only arms the handler and is never answered.
        setTimeout(() => resolve('no answer in 3 s'), 3000);
      });
      attempts.push(outcome);
      if (outcome !== 'open') {
        ws.close();
        return undefined;
      }
      ws.addEventListener('message', e =>
        messages.push(JSON.parse(String(e.data))),
      );
      return ws;
    }).catch(e => {
      throw new Error(`${e.message} (attempts: ${attempts.join('; ')})`);
    });
    socket.send(
      JSON.stringify({ action: 'subscribe', channel: SIGNAL_CHANNEL }),
    );
    try {
      // The subscription is registered asynchronously on B; post until one arrives.
      const got = await waitFor(
        'a signal on B',
        async () => {
          assert.equal(await a.post(alert().event), 200);
          await sleep(500);
          return messages.find(m => m.channel === SIGNAL_CHANNEL);
        },
        30_000,
      );
      assert.equal(got.channel, SIGNAL_CHANNEL);
    } finally {
      socket.close();
    }
  });

  it('store the same alert posted to both replicas once, and notify its owners once', async () => {
    const { uuid, event } = alert('Critical', `Replicas test ${randomUUID()}`);
    const statuses = await Promise.all([a.post(event), b.post(event)]);
    assert.deepEqual(statuses, [200, 200]);
    const rows = await db.query(
      'select count(*)::int as n from container_security_falco_alerts where id = $1',
      [uuid],
    );
    assert.equal(rows.rows[0].n, 1);
    // One notification per member of payments-team, sent once (a second send with the
    // same scope would mark it updated).
    const notes = await waitFor(
      'the notifications',
      async () => {
        const found = await query(
          'notifications',
          `select "user", updated from notification where title like $1`,
          [`%${event.rule}%`],
        );
        return found.length >= 2 && found;
      },
      30_000,
    );
    await sleep(2000); // a duplicate would arrive within the same ingest
    const final = await query(
      'notifications',
      `select "user", updated from notification where title like $1`,
      [`%${event.rule}%`],
    );
    // Each member of payments-team once (not once per replica), never re-sent.
    const users = final.map(n => n.user);
    assert.ok(users.includes('user:default/ada.lovelace'), users.join());
    assert.equal(new Set(users).size, users.length, users.join());
    assert.equal(notes.length, final.length);
    for (const n of final) assert.equal(n.updated, null);
  });

  it('lose no acknowledged alert when a replica is killed mid-ingest', async () => {
    const acked: string[] = [];
    let stop = false;
    const senders = [a, a, b, b].map(async replica => {
      while (!stop) {
        const { uuid, event } = alert();
        const status = await replica.post(event);
        if (status === 200) acked.push(uuid);
        else await sleep(20);
      }
    });
    await waitFor('some acknowledged alerts', async () => acked.length >= 100);
    a.kill();
    const killedAt = acked.length;
    await waitFor(
      'B to acknowledge more',
      async () => acked.length >= killedAt + 50,
    );
    stop = true;
    await Promise.all(senders);
    // A comes back on its own spool and drains it into the shared database.
    a.start();
    await a.waitHealthy();
    const spool = path.join(work, 'a-spool');
    await waitFor(
      'the spool of A to drain',
      async () => !fs.existsSync(spool) || fs.readdirSync(spool).length === 0,
    );
    const found = await storedIds(acked);
    assert.deepEqual(
      acked.filter(id => !found.has(id)),
      [],
    );
  });

  it('run each scheduled task of the suite on one replica per interval', async () => {
    const expected = [
      'container-security-workload-sync',
      'container-security-audit-sync',
      'container-security-cost-metrics',
      'container-security-falco-retention', // first run a minute after start
      'container-security-falco-notification-digests',
    ];
    const ranTasks = () =>
      new Set(
        fs
          .readFileSync(spanFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map(l => JSON.parse(l).task as string),
      );
    await waitFor(
      'every task to run once',
      async () => expected.every(id => ranTasks().has(id)),
      120_000,
    );
    type Mark = {
      instance: string;
      run: string;
      event: string;
      task: string;
      at: number;
    };
    const marks = fs
      .readFileSync(spanFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l) as Mark)
      .filter(m => m.task.startsWith('container-security'));
    // Runs from the first start on; a run a SIGKILL cut short has no end.
    const ends = new Map(
      marks.filter(m => m.event === 'end').map(m => [m.run, m.at]),
    );
    const spans = marks
      .filter(m => m.event === 'start')
      .map(m => ({ ...m, end: ends.get(m.run) ?? Infinity }));
    const tasks = await query<{ id: string; settings_json: string }>(
      'container-security',
      'select id, settings_json from backstage_backend_tasks__tasks',
    );
    const cadenceMs = new Map(
      tasks.map(t => {
        const cadence: string = JSON.parse(t.settings_json).cadence;
        const ms = Duration.fromISO(cadence).as('milliseconds');
        assert.ok(ms > 0, `unexpected cadence ${cadence} of ${t.id}`);
        return [t.id, ms];
      }),
    );
    const ran = new Set(spans.map(s => s.task));
    for (const id of expected) {
      assert.ok(cadenceMs.has(id), `task ${id} is not registered`);
      assert.ok(ran.has(id), `task ${id} did not run`);
    }
    const instances = new Set<string>();
    for (const [task, cadence] of cadenceMs) {
      const starts = spans
        .filter(s => s.task === task)
        .sort((x, y) => x.at - y.at);
      starts.forEach(s => instances.add(s.instance));
      for (let i = 1; i < starts.length; i++) {
        const [prev, next] = [starts[i - 1], starts[i]];
        // One replica at a time: a run starts only after the previous one ended, on
        // whichever replica.
        assert.ok(
          next.at >= prev.end || prev.end === Infinity,
          `${task} ran on ${prev.instance} and ${next.instance} at once`,
        );
      }
      // One run per interval, not one per replica (that would be twice as many): over the
      // time the runs span, no more runs than intervals, plus one early run per replica
      // start (A, B, A again). Backstage claims a due task by its ticket only, so a
      // replica whose view of the schedule is a poll old can start a task another
      // replica has just finished; the early run moves the next ones.
      if (starts.length > 1) {
        const span = starts[starts.length - 1].at - starts[0].at;
        assert.ok(
          starts.length - 1 <= span / cadence + 3,
          `${task} ran ${starts.length} times in ${span} ms (cadence ${cadence} ms)`,
        );
      }
    }
    // Both replicas took part (the work is shared, not pinned to one).
    assert.deepEqual([...instances].sort(), ['a', 'b']);
  });
});
