import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { DatabaseFalcoAlertStore } from './DatabaseFalcoAlertStore';
import {
  applyFalcoRetention,
  readFalcoRetentionConfig,
  scheduleFalcoRetention,
} from './retention';
import { fixtureAlerts } from './__testUtils__/falcoFixtures';
import { captureLogger } from './__testUtils__/captureLogger';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('readFalcoRetentionConfig', () => {
  it('reads age, count and frequency, with defaults and 0 disabling', () => {
    expect(readFalcoRetentionConfig(new ConfigReader({}))).toEqual({
      maxAgeMs: 90 * 86_400_000,
      maxCount: 5_000_000,
      frequency: { hours: 1 },
    });
    expect(
      readFalcoRetentionConfig(
        new ConfigReader({
          containerSecurity: {
            falco: {
              retention: {
                maxAge: { days: 0 },
                maxCount: 10,
                frequency: { minutes: 5 },
              },
            },
          },
        }),
      ),
    ).toEqual({ maxAgeMs: undefined, maxCount: 10, frequency: { minutes: 5 } });
  });
});

describe.each(databases.eachSupportedId())('Falco retention on %p', id => {
  let knex: Knex;
  let store: DatabaseFalcoAlertStore;

  beforeEach(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    store = DatabaseFalcoAlertStore.create(knex);
    await store.insertAlerts(fixtureAlerts());
  });

  it('deletes by age, then by count', async () => {
    const now = Date.parse('2025-12-01T00:00:00Z');
    // 365 days before `now`: everything before 2024-12-01 goes (15 fixtures).
    const result = await applyFalcoRetention(
      store,
      { maxAgeMs: 365 * 86_400_000, maxCount: 4, frequency: { hours: 1 } },
      now,
    );
    expect(result.byAge + result.byCount).toBe(20);
    expect(result.byAge).toBeGreaterThan(0);
    const left = await store.listAlerts({});
    expect(left.items.map(a => a.time)).toEqual([
      '2025-11-24T14:24:39.222599448Z',
      '2025-11-24T14:22:42.070202000Z',
      '2025-11-24T13:24:56.428114287Z',
      '2025-11-24T13:22:11.153390386Z',
    ]);
  });

  it('runs as a global scheduled task', async () => {
    const scheduler = mockServices.scheduler.mock();
    await scheduleFalcoRetention({
      scheduler,
      store,
      config: { maxCount: 1, frequency: { hours: 1 } },
      logger: captureLogger(),
    });
    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: 'container-security-falco-retention',
      scope: 'global',
    });
    await task.fn(new AbortController().signal);
    expect(await store.countAlerts()).toBe(1);
  });
});
