import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabasePostureStore } from '../posture/DatabasePostureStore';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { EntitySnapshot } from '../posture';
import {
  applySnapshotRetention,
  readSnapshotRetentionConfig,
} from './snapshotRetention';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-12-07T12:00:00Z');

const snapshot = (
  entityRef: string,
  at: number,
  score: number,
): EntitySnapshot => ({
  entityRef,
  kind: 'component',
  takenAt: new Date(at).toISOString(),
  score,
  grade: 'A',
  counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
  workloadCount: 1,
  failingChecks: [],
});

describe('readSnapshotRetentionConfig', () => {
  it('defaults to every snapshot for 14 days, daily ones for 365 days', () => {
    expect(readSnapshotRetentionConfig(new ConfigReader({}))).toEqual({
      keepAllForMs: 14 * DAY,
      keepDailyForMs: 365 * DAY,
      frequency: { hours: 6 },
    });
  });

  it('reads durations and refuses a daily period shorter than the full one', () => {
    const read = (snapshotRetention: object) =>
      readSnapshotRetentionConfig(
        new ConfigReader({
          containerSecurity: { scorecards: { snapshotRetention } },
        }),
      );
    expect(
      read({ keepAllFor: { days: 2 }, keepDailyFor: 0, frequency: 'PT1H' }),
    ).toEqual({
      keepAllForMs: 2 * DAY,
      keepDailyForMs: 0,
      frequency: { hours: 1 },
    });
    expect(() =>
      read({ keepAllFor: { days: 30 }, keepDailyFor: { days: 7 } }),
    ).toThrow('keepDailyFor must be 0 (keep) or at least keepAllFor');
    expect(() => read({ keepAllFor: { hours: 1 } })).toThrow(
      'keepAllFor must be at least 1 day',
    );
  });
});

describe.each(databases.eachSupportedId())('snapshot retention on %p', id => {
  let knex: Knex;
  let store: DatabasePostureStore;

  beforeEach(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    store = DatabasePostureStore.create(knex);
  });

  it('keeps recent snapshots, the last of each day after that, and nothing past the daily period', async () => {
    const config = readSnapshotRetentionConfig(
      new ConfigReader({
        containerSecurity: {
          scorecards: {
            snapshotRetention: {
              keepAllFor: { days: 3 },
              keepDailyFor: { days: 10 },
            },
          },
        },
      }),
    );
    // Hourly rounds for two entities over the last 12 days (as a sync would store them).
    const start = Date.parse('2026-11-25T00:30:00Z');
    const rounds: EntitySnapshot[][] = [];
    for (let t = start; t <= NOW.getTime(); t += HOUR) {
      rounds.push([
        snapshot('component:default/a', t, Math.floor(t / HOUR) % 100),
        snapshot('component:default/b', t, Math.floor(t / DAY) % 100),
      ]);
    }
    for (const round of rounds) await store.addSnapshots(round);
    const before = await store.listSnapshotsSince(new Date(0));

    const result = await applySnapshotRetention(store, config, NOW);
    const after = await store.listSnapshotsSince(new Date(0));
    expect(result.deleted + result.downsampled).toBe(
      before.length - after.length,
    );

    const cutoffAll = NOW.getTime() - 3 * DAY;
    const cutoffDaily = NOW.getTime() - 10 * DAY;
    const expected = (entityRef: string) => {
      const mine = before.filter(
        s => s.entityRef === entityRef && Date.parse(s.takenAt) >= cutoffDaily,
      );
      const lastOfDay = new Map<string, string>();
      for (const s of mine) {
        if (Date.parse(s.takenAt) < cutoffAll) {
          lastOfDay.set(s.takenAt.slice(0, 10), s.takenAt);
        }
      }
      return mine
        .filter(
          s =>
            Date.parse(s.takenAt) >= cutoffAll ||
            lastOfDay.get(s.takenAt.slice(0, 10)) === s.takenAt,
        )
        .map(s => s.takenAt);
    };
    for (const entityRef of ['component:default/a', 'component:default/b']) {
      const kept = after
        .filter(s => s.entityRef === entityRef)
        .map(s => s.takenAt);
      expect(kept).toEqual(expected(entityRef));
      // Daily snapshots end at 23:30 UTC, except the day the full period begins.
      expect(
        kept
          .filter(t => Date.parse(t) < cutoffAll - DAY)
          .every(t => t.endsWith('T23:30:00.000Z')),
      ).toBe(true);
    }
    // 3 days of hourly rounds plus a day's remainder, and 7 daily ones per entity.
    expect(after.length).toBeLessThan(before.length / 3);

    // The latest snapshot of each entity (the scorecards) is untouched, and a second
    // pass changes nothing.
    const lastRound = rounds[rounds.length - 1][0].takenAt;
    expect((await store.listLatest()).map(l => l.takenAt)).toEqual([
      lastRound,
      lastRound,
    ]);
    expect(await applySnapshotRetention(store, config, NOW)).toEqual({
      deleted: 0,
      downsampled: 0,
    });
  });

  it('keeps daily snapshots forever when keepDailyFor is 0', async () => {
    const config = { keepAllForMs: DAY, keepDailyForMs: 0, frequency: {} };
    const old = Date.parse('2020-01-01T10:00:00Z');
    await store.addSnapshots([snapshot('component:default/a', old, 1)]);
    await store.addSnapshots([snapshot('component:default/a', old + HOUR, 2)]);
    await store.addSnapshots([
      snapshot('component:default/a', NOW.getTime(), 3),
    ]);
    const result = await applySnapshotRetention(store, config, NOW);
    expect(result).toEqual({ deleted: 0, downsampled: 1 });
    expect(
      (await store.listSnapshotsSince(new Date(0))).map(s => s.score),
    ).toEqual([2, 3]);
  });
});
