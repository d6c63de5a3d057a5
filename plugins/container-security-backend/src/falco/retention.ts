import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { FalcoAlertStore } from './FalcoAlertStore';

/** `containerSecurity.falco.retention`. */
export interface FalcoRetentionConfig {
  /** Alerts older than this (by event time) are deleted; undefined keeps them by age. */
  maxAgeMs?: number;
  /** Only the newest this many alerts are kept; undefined keeps them by count. */
  maxCount?: number;
  frequency: HumanDuration;
}

/** Reads the retention settings: by default 90 days and 5,000,000 alerts, checked hourly. */
export function readFalcoRetentionConfig(root: Config): FalcoRetentionConfig {
  const c = root.getOptionalConfig('containerSecurity.falco.retention');
  const maxAge = c?.has('maxAge')
    ? durationToMilliseconds(readDurationFromConfig(c, { key: 'maxAge' }))
    : durationToMilliseconds({ days: 90 });
  const maxCount = c?.getOptionalNumber('maxCount') ?? 5_000_000;
  return {
    maxAgeMs: maxAge > 0 ? maxAge : undefined,
    maxCount: maxCount > 0 ? maxCount : undefined,
    frequency: c?.has('frequency')
      ? readDurationFromConfig(c, { key: 'frequency' })
      : { hours: 1 },
  };
}

/** Applies retention once: age first, then count. Resolves with what was deleted. */
export async function applyFalcoRetention(
  store: FalcoAlertStore,
  config: FalcoRetentionConfig,
  now: number = Date.now(),
): Promise<{ byAge: number; byCount: number }> {
  const byAge =
    config.maxAgeMs !== undefined
      ? await store.deleteOlderThan(now - config.maxAgeMs)
      : 0;
  const byCount =
    config.maxCount !== undefined
      ? await store.deleteBeyondCount(config.maxCount)
      : 0;
  return { byAge, byCount };
}

/** Schedules retention as a global task: one replica runs it at a time. */
export async function scheduleFalcoRetention(options: {
  scheduler: SchedulerService;
  store: FalcoAlertStore;
  config: FalcoRetentionConfig;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, store, config, logger } = options;
  const schedule: SchedulerServiceTaskScheduleDefinition = {
    frequency: config.frequency,
    timeout: { minutes: 30 },
    initialDelay: { minutes: 1 },
    scope: 'global',
  };
  await scheduler.scheduleTask({
    id: 'container-security-falco-retention',
    ...schedule,
    fn: async () => {
      const deleted = await applyFalcoRetention(store, config);
      if (deleted.byAge + deleted.byCount > 0) {
        logger.info('Falco alert retention applied', deleted);
      }
    },
  });
}
