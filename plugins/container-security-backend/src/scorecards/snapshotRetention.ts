import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { PostureStore } from '../posture';

const DAY_MS = 24 * 3600 * 1000;

/** `containerSecurity.scorecards.snapshotRetention`, read. */
export interface SnapshotRetentionConfig {
  /** Every snapshot younger than this is kept. */
  keepAllForMs: number;
  /** Daily snapshots older than this are deleted; 0 keeps them. */
  keepDailyForMs: number;
  frequency: HumanDuration;
}

/** Reads the snapshot retention; defaults: all for 14 days, daily for 365 days, every 6 hours. */
export function readSnapshotRetentionConfig(
  root: Config,
): SnapshotRetentionConfig {
  const key = 'containerSecurity.scorecards.snapshotRetention';
  const c = root.getOptionalConfig(key);
  const ms = (name: string, fallback: number) => {
    if (!c?.has(name)) return fallback;
    // 0 (a number) switches a period off; anything else is a duration.
    if (c.get(name) === 0) return 0;
    return durationToMilliseconds(readDurationFromConfig(c, { key: name }));
  };
  const keepAllForMs = ms('keepAllFor', 14 * DAY_MS);
  const keepDailyForMs = ms('keepDailyFor', 365 * DAY_MS);
  if (keepAllForMs < DAY_MS) {
    throw new Error(`${key}.keepAllFor must be at least 1 day`);
  }
  if (keepDailyForMs !== 0 && keepDailyForMs < keepAllForMs) {
    throw new Error(
      `${key}.keepDailyFor must be 0 (keep) or at least keepAllFor`,
    );
  }
  return {
    keepAllForMs,
    keepDailyForMs,
    frequency: c?.has('frequency')
      ? readDurationFromConfig(c, { key: 'frequency' })
      : { hours: 6 },
  };
}

/** One retention pass at `now`. */
export async function applySnapshotRetention(
  store: PostureStore,
  config: SnapshotRetentionConfig,
  now: Date,
) {
  return store.pruneSnapshots({
    keepAllAfter: new Date(now.getTime() - config.keepAllForMs),
    deleteBefore:
      config.keepDailyForMs > 0
        ? new Date(now.getTime() - config.keepDailyForMs)
        : undefined,
  });
}

/** Schedules the retention as a global task (one replica runs it per interval). */
export async function scheduleSnapshotRetention(deps: {
  scheduler: SchedulerService;
  store: PostureStore;
  logger: LoggerService;
  config: SnapshotRetentionConfig;
}) {
  await deps.scheduler.scheduleTask({
    id: 'container-security-snapshot-retention',
    scope: 'global',
    frequency: deps.config.frequency,
    timeout: { minutes: 30 },
    initialDelay: { minutes: 2 },
    fn: async () => {
      const result = await applySnapshotRetention(
        deps.store,
        deps.config,
        new Date(),
      );
      if (result.deleted + result.downsampled > 0) {
        deps.logger.info('posture snapshot retention applied', result);
      }
    },
  });
}
