import { createMockDirectory } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabases } from '../../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../../migrations/openDatabase';
import { DatabaseFalcoAlertStore } from '../DatabaseFalcoAlertStore';
import { FalcoAlertStore, NewFalcoAlert } from '../FalcoAlertStore';
import { captureLogger } from '../__testUtils__/captureLogger';
import { fixtureAlerts } from '../__testUtils__/falcoFixtures';
import { FalcoIngestService } from './FalcoIngestService';
import { FalcoSpool } from './FalcoSpool';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const spoolDir = createMockDirectory();

/** The real store, with a switch that makes every call fail like an unreachable database. */
function switchableStore(real: FalcoAlertStore) {
  const state = { down: false, inserts: 0 };
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      return fn(...args);
    };
  const store: FalcoAlertStore = {
    ...real,
    insertAlerts: guard(async (alerts: NewFalcoAlert[]) => {
      state.inserts += 1;
      return real.insertAlerts(alerts);
    }),
    ping: guard(() => real.ping()),
    countAlerts: filter => real.countAlerts(filter),
  } as FalcoAlertStore;
  return { store, state };
}

/** Alert lines in the spool directory's files (preallocated files are zeros past their last). */
function spooledAlerts(): number {
  if (!fs.existsSync(spoolDir.path)) return 0;
  return fs.readdirSync(spoolDir.path).flatMap(f =>
    fs
      .readFileSync(path.join(spoolDir.path, f), 'utf8')
      .split(/\n|\0+/)
      .filter(line => line !== ''),
  ).length;
}

async function eventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

describe.each(databases.eachSupportedId())('FalcoIngestService on %p', id => {
  let knex: Knex;
  let real: DatabaseFalcoAlertStore;

  beforeEach(async () => {
    spoolDir.clear();
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    real = DatabaseFalcoAlertStore.create(knex);
  });

  it('groups concurrent submissions into few inserts and reports only new alerts', async () => {
    const { store, state } = switchableStore(real);
    const ingest = new FalcoIngestService({ store, logger: captureLogger() });
    const reported: string[][] = [];
    ingest.onAlertsStored(alerts => {
      reported.push(alerts.map(a => a.id));
    });
    const alerts = fixtureAlerts();
    const results = await Promise.all(alerts.map(a => ingest.submit([a])));
    expect(results.every(r => r === 'database')).toBe(true);
    expect(state.inserts).toBeLessThanOrEqual(3);
    await ingest.submit([alerts[0]]);
    await ingest.listenersIdle();
    expect(reported.flat().sort()).toEqual(alerts.map(a => a.id).sort());
    expect(await real.countAlerts()).toBe(24);
    await ingest.stop();
  });

  it('drops only an alert the database refuses, without failing the others or marking the database down', async () => {
    const logger = captureLogger();
    const ingest = new FalcoIngestService({
      store: real,
      logger,
      spool: new FalcoSpool(spoolDir.path, logger),
      dbWriteTimeoutMs: 5000,
    });
    const alerts = fixtureAlerts().slice(0, 5);
    // Past the parser, which refuses it: NUL in a text column, which PostgreSQL refuses.
    const poison = {
      ...fixtureAlerts()[5],
      id: '00000000-0000-4000-8000-00000000dead',
      rule: 'a\u0000b',
    };
    const results = await Promise.all([
      ...alerts.map(a => ingest.submit([a])),
      ingest.submit([poison]),
    ]);
    expect(results).toEqual(Array(6).fill('database'));
    expect(ingest.isDatabaseDown).toBe(false);
    const refuses = id === 'POSTGRES_15';
    expect(await real.countAlerts()).toBe(refuses ? 5 : 6);
    expect(
      logger.lines.some(l => l.includes('refused by the database; dropped')),
    ).toBe(refuses);
    await ingest.submit([fixtureAlerts()[6]]);
    expect(await real.countAlerts()).toBe(refuses ? 6 : 7);
    await ingest.stop();
  });

  it('hands a busy listener the batches stored meanwhile as one, in order, each alert once', async () => {
    const ingest = new FalcoIngestService({
      store: real,
      logger: captureLogger(),
    });
    const calls: string[][] = [];
    let release!: () => void;
    const busy = new Promise<void>(r => {
      release = r;
    });
    ingest.onAlertsStored(async alerts => {
      calls.push(alerts.map(a => a.id));
      if (calls.length === 1) await busy;
    });
    const alerts = fixtureAlerts();
    await ingest.submit([alerts[0]]);
    // The listener now holds the first alert; these arrive one by one meanwhile.
    for (const alert of alerts.slice(1, 6)) await ingest.submit([alert]);
    release();
    await ingest.listenersIdle();
    expect(calls).toEqual([[alerts[0].id], alerts.slice(1, 6).map(a => a.id)]);
    await ingest.stop();
  });

  it('acknowledges from the spool while the database is down and drains it once back', async () => {
    const { store, state } = switchableStore(real);
    const logger = captureLogger();
    const ingest = new FalcoIngestService({
      store,
      logger,
      spool: new FalcoSpool(spoolDir.path, logger),
      drainIntervalMs: 20,
    });
    const reported: string[] = [];
    ingest.onAlertsStored(alerts => {
      reported.push(...alerts.map(a => a.id));
    });
    ingest.start();
    const alerts = fixtureAlerts();
    state.down = true;
    const where = await Promise.all(
      alerts.slice(0, 20).map(a => ingest.submit([a])),
    );
    expect(where.every(w => w === 'spool')).toBe(true);
    expect(await real.countAlerts()).toBe(0);
    const spooled = fs
      .readdirSync(spoolDir.path)
      .map(f => fs.readFileSync(path.join(spoolDir.path, f), 'utf8'))
      .join('')
      .trim()
      .split('\n');
    expect(spooled).toHaveLength(20);
    // Without a spool fallback (the NATS path) a submission fails instead.
    await expect(
      ingest.submit([alerts[20]], { allowSpool: false }),
    ).rejects.toThrow('alert database unavailable');

    state.down = false;
    await eventually(async () => (await real.countAlerts()) === 20);
    await eventually(async () => fs.readdirSync(spoolDir.path).length === 0);
    await ingest.submit(alerts.slice(20));
    expect(await real.countAlerts()).toBe(24);
    await ingest.listenersIdle();
    expect(reported.sort()).toEqual(alerts.map(a => a.id).sort());
    expect(logger.lines.some(l => l.includes('spooling'))).toBe(true);
    await ingest.stop();
  });

  it('drains spool files a killed process left behind, skipping a torn last line', async () => {
    const alerts = fixtureAlerts();
    // A pid that cannot be alive: the process that wrote it was killed.
    const file = path.join(
      spoolDir.path,
      'spool-1700000000000-999999999-0.ndjson',
    );
    fs.mkdirSync(spoolDir.path, { recursive: true });
    fs.writeFileSync(
      file,
      `${alerts
        .slice(0, 5)
        .map(a => JSON.stringify(a))
        .join('\n')}\n${JSON.stringify(alerts[5]).slice(0, 40)}`,
    );
    const logger = captureLogger();
    const ingest = new FalcoIngestService({
      store: real,
      logger,
      spool: new FalcoSpool(spoolDir.path, logger),
    });
    ingest.start();
    await eventually(async () => (await real.countAlerts()) === 5);
    await eventually(async () => !fs.existsSync(file));
    expect(await real.countAlerts()).toBe(5);
    await ingest.stop();
  });

  it('spools a write that exceeds the timeout and de-duplicates when both land', async () => {
    const logger = captureLogger();
    let slow = true;
    const store: FalcoAlertStore = Object.assign(
      Object.create(Object.getPrototypeOf(real)),
      real,
      {
        insertAlerts: async (alerts: NewFalcoAlert[]) => {
          if (slow) await new Promise(r => setTimeout(r, 300));
          return real.insertAlerts(alerts);
        },
      },
    );
    const ingest = new FalcoIngestService({
      store,
      logger,
      spool: new FalcoSpool(spoolDir.path, logger),
      dbWriteTimeoutMs: 50,
      drainIntervalMs: 20,
    });
    const [alert] = fixtureAlerts();
    expect(await ingest.submit([alert])).toBe('spool');
    slow = false;
    ingest.start();
    await eventually(async () => fs.readdirSync(spoolDir.path).length === 0);
    expect(await real.countAlerts()).toBe(1);
    await ingest.stop();
  });

  /**
   * Write-ahead acknowledgement over the switchable store, draining every 20 ms, into
   * preallocated spool files that a few alerts fill.
   */
  function writeAheadIngest() {
    const logger = captureLogger();
    const { store, state } = switchableStore(real);
    const ingest = new FalcoIngestService({
      store,
      logger,
      spool: new FalcoSpool(spoolDir.path, logger, { preallocateBytes: 8192 }),
      acknowledgeAfter: 'spool',
      drainIntervalMs: 20,
    });
    return { ingest, state };
  }

  it('write-ahead: acknowledges once spooled, moves every alert into the database once and deletes the files', async () => {
    const { ingest, state } = writeAheadIngest();
    const reported: string[] = [];
    ingest.onAlertsStored(alerts => {
      reported.push(...alerts.map(a => a.id));
    });
    ingest.start();
    const alerts = fixtureAlerts();
    const results = await Promise.all(alerts.map(a => ingest.submit([a])));
    expect(results.every(r => r === 'spool')).toBe(true);
    // A redelivery is acknowledged again and stored once.
    expect(await ingest.submit([alerts[0]])).toBe('spool');
    await eventually(async () => (await real.countAlerts()) === 24);
    // Moves are grouped, not one insert per request.
    expect(state.inserts).toBeLessThan(alerts.length);
    // Filled files are deleted once their alerts are moved; the one being written stays.
    await eventually(async () => fs.readdirSync(spoolDir.path).length <= 2);
    await ingest.listenersIdle();
    expect(reported.sort()).toEqual(alerts.map(a => a.id).sort());
    await ingest.stop();
    // Stopping deletes the files whose alerts are all in the database.
    expect(fs.readdirSync(spoolDir.path)).toEqual([]);
  });

  it('write-ahead: loses nothing acknowledged while the database is down', async () => {
    const { ingest, state } = writeAheadIngest();
    state.down = true;
    ingest.start();
    const alerts = fixtureAlerts();
    for (const alert of alerts) {
      expect(await ingest.submit([alert])).toBe('spool');
    }
    await eventually(async () => ingest.isDatabaseDown);
    expect(await real.countAlerts()).toBe(0);
    expect(spooledAlerts()).toBe(24);
    state.down = false;
    await eventually(async () => (await real.countAlerts()) === 24);
    await eventually(async () => spooledAlerts() === 0);
    await ingest.stop();
    expect(fs.readdirSync(spoolDir.path)).toEqual([]);
  });

  it('write-ahead: waits for the database when the spool cannot be written', async () => {
    const logger = captureLogger();
    const blocked = path.join(spoolDir.path, 'not-a-directory');
    fs.writeFileSync(blocked, 'x');
    const ingest = new FalcoIngestService({
      store: real,
      logger,
      spool: new FalcoSpool(blocked, logger),
      acknowledgeAfter: 'spool',
    });
    const [alert] = fixtureAlerts();
    expect(await ingest.submit([alert])).toBe('database');
    expect(await real.countAlerts()).toBe(1);
    await ingest.stop();
  });
});
