import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  CLOUDTRAIL_LOOKUP_DEFAULTS,
  CLOUDTRAIL_LOOKUP_MAX_RATE,
  CloudTrailAccountConfig,
} from './CloudTrailLookupSource';

/** `containerSecurity.audit`, read once at start-up. */
export interface AuditConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  cloudtrail?: {
    accounts: CloudTrailAccountConfig[];
    requestsPerSecond: number;
    overlapMs: number;
    lookbackMs: number;
    endpoint?: string;
  };
  logFiles: Array<{
    name: string;
    bucket?: string;
    bucketRegion?: string;
    bucketAccountId?: string;
    folder?: string;
    prefix?: string;
    accounts?: string[];
    regions?: string[];
  }>;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 30 },
};

function durationMs(config: Config, key: string, fallback: number): number {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallback;
}

/** Reads `containerSecurity.audit`; throws on values that would break the quota or make no sense. */
export function readAuditConfig(root: Config): AuditConfig {
  const audit = root.getOptionalConfig('containerSecurity.audit');
  const schedule = audit?.getOptionalConfig('schedule');
  const cloudtrail = audit?.getOptionalConfig('cloudtrail');
  let cloudtrailConfig: AuditConfig['cloudtrail'];
  if (cloudtrail) {
    const requestsPerSecond =
      cloudtrail.getOptionalNumber('requestsPerSecond') ??
      CLOUDTRAIL_LOOKUP_DEFAULTS.requestsPerSecond;
    if (
      !(requestsPerSecond > 0) ||
      requestsPerSecond > CLOUDTRAIL_LOOKUP_MAX_RATE
    ) {
      throw new Error(
        `containerSecurity.audit.cloudtrail.requestsPerSecond must be above 0 and at most CloudTrail's ${CLOUDTRAIL_LOOKUP_MAX_RATE}/s, got ${requestsPerSecond}`,
      );
    }
    cloudtrailConfig = {
      requestsPerSecond,
      overlapMs: durationMs(
        cloudtrail,
        'overlap',
        CLOUDTRAIL_LOOKUP_DEFAULTS.overlapMs,
      ),
      lookbackMs: durationMs(
        cloudtrail,
        'lookback',
        CLOUDTRAIL_LOOKUP_DEFAULTS.lookbackMs,
      ),
      endpoint: cloudtrail.getOptionalString('endpoint'),
      accounts: (cloudtrail.getOptionalConfigArray('accounts') ?? []).map(
        a => ({
          accountId: a.getString('accountId'),
          regions: a.getStringArray('regions'),
          lookbackMs: a.has('lookback')
            ? durationMs(a, 'lookback', 0)
            : undefined,
        }),
      ),
    };
  }
  const logFiles = (audit?.getOptionalConfigArray('logFiles') ?? []).map(l => {
    const entry = {
      name: l.getString('name'),
      bucket: l.getOptionalString('bucket'),
      bucketRegion: l.getOptionalString('bucketRegion'),
      bucketAccountId: l.getOptionalString('bucketAccountId'),
      folder: l.getOptionalString('folder'),
      prefix: l.getOptionalString('prefix'),
      accounts: l.getOptionalStringArray('accounts'),
      regions: l.getOptionalStringArray('regions'),
    };
    if (Boolean(entry.bucket) === Boolean(entry.folder)) {
      throw new Error(
        `containerSecurity.audit.logFiles "${entry.name}" needs exactly one of bucket or folder`,
      );
    }
    if (entry.bucket && !entry.bucketRegion) {
      throw new Error(
        `containerSecurity.audit.logFiles "${entry.name}" needs bucketRegion`,
      );
    }
    return entry;
  });
  return {
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_SCHEDULE,
    cloudtrail: cloudtrailConfig,
    logFiles,
  };
}
