import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { CapacityType } from '@containersec/plugin-container-security-common';
import {
  BusinessHours,
  CostThresholds,
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_PRICE_TABLE,
  PriceTable,
  ResourceRates,
} from '@containersec/plugin-container-security-node';

/** One AWS account whose clusters' Container Insights metrics are pulled. */
export interface CloudWatchAccountConfig {
  /** Undefined: the AWS integration's main account or default chain. */
  accountId?: string;
  regions: string[];
  /** EKS cluster names; the same names the workload sources report the clusters under. */
  clusters: string[];
}

/** One Prometheus server that holds the metrics of one cluster. */
export interface PrometheusConfig {
  cluster: string;
  baseUrl: string;
  /** Sent as a bearer token; never logged. */
  token?: string;
}

/** `containerSecurity.cost`, read once at start-up. */
export interface CostConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  windowMs: number;
  periodSeconds: number;
  cloudwatch: CloudWatchAccountConfig[];
  prometheus: PrometheusConfig[];
  files: string[];
  capacityTypes: Map<string, CapacityType>;
  prices: PriceTable;
  businessHours: BusinessHours;
  thresholds: Partial<CostThresholds>;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 30 },
  initialDelay: { minutes: 1 },
};

function readRates(
  config: Config | undefined,
  fallback: ResourceRates,
): ResourceRates {
  return {
    vcpuHour: config?.getOptionalNumber('vcpuHour') ?? fallback.vcpuHour,
    gibHour: config?.getOptionalNumber('gibHour') ?? fallback.gibHour,
  };
}

function readDuration(config: Config, key: string, fallbackMs: number) {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallbackMs;
}

function readDays(value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    !value.every(d => Number.isInteger(d) && d >= 1 && d <= 7)
  ) {
    throw new Error(
      'containerSecurity.cost.businessHours.days must list ISO weekdays, 1 (Monday) to 7 (Sunday)',
    );
  }
  return value as number[];
}

const THRESHOLD_KEYS: Array<keyof CostThresholds> = [
  'rightSizeBelow',
  'headroom',
  'limitRiskAt',
  'idleCpuCores',
  'offHoursIdleRatio',
  'spotMinReplicas',
  'minMonthlySavings',
];

/** Reads `containerSecurity.cost`; an absent block gives defaults and no sources. */
export function readCostConfig(root: Config): CostConfig {
  const config = root.getOptionalConfig('containerSecurity.cost');
  const prices = config?.getOptionalConfig('prices');
  const hours = config?.getOptionalConfig('businessHours');
  const thresholds = config?.getOptionalConfig('thresholds');
  const schedule = config?.getOptionalConfig('schedule');
  const capacityTypes = new Map<string, CapacityType>();
  for (const c of config?.getOptionalConfigArray('clusters') ?? []) {
    const type = c.getString('capacityType');
    if (type !== 'ec2' && type !== 'fargate') {
      throw new Error(
        `containerSecurity.cost.clusters: capacityType must be ec2 or fargate, not ${type}`,
      );
    }
    capacityTypes.set(c.getString('name'), type);
  }
  const businessHours: BusinessHours = {
    timezone:
      hours?.getOptionalString('timezone') ?? DEFAULT_BUSINESS_HOURS.timezone,
    days: readDays(hours?.getOptional('days')) ?? DEFAULT_BUSINESS_HOURS.days,
    startHour:
      hours?.getOptionalNumber('startHour') ?? DEFAULT_BUSINESS_HOURS.startHour,
    endHour:
      hours?.getOptionalNumber('endHour') ?? DEFAULT_BUSINESS_HOURS.endHour,
  };
  // Fail at start-up, not in the first scheduled run.
  Intl.DateTimeFormat('en-US', { timeZone: businessHours.timezone }).format();
  return {
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_SCHEDULE,
    windowMs: config
      ? readDuration(config, 'window', 14 * 24 * 3600_000)
      : 14 * 24 * 3600_000,
    periodSeconds: Math.max(
      60,
      Math.round(
        (config ? readDuration(config, 'period', 300_000) : 300_000) / 1000,
      ),
    ),
    cloudwatch: (
      config?.getOptionalConfigArray('cloudwatch.accounts') ?? []
    ).map(a => ({
      accountId: a.getOptionalString('accountId'),
      regions: a.getStringArray('regions'),
      clusters: a.getStringArray('clusters'),
    })),
    prometheus: (config?.getOptionalConfigArray('prometheus') ?? []).map(p => ({
      cluster: p.getString('cluster'),
      baseUrl: p.getString('baseUrl'),
      token: p.getOptionalString('token'),
    })),
    files: config?.getOptionalStringArray('files.paths') ?? [],
    capacityTypes,
    prices: {
      currency:
        prices?.getOptionalString('currency') ?? DEFAULT_PRICE_TABLE.currency,
      ec2OnDemand: readRates(
        prices?.getOptionalConfig('ec2OnDemand'),
        DEFAULT_PRICE_TABLE.ec2OnDemand,
      ),
      ec2Spot: readRates(
        prices?.getOptionalConfig('ec2Spot'),
        DEFAULT_PRICE_TABLE.ec2Spot,
      ),
      fargate: readRates(
        prices?.getOptionalConfig('fargate'),
        DEFAULT_PRICE_TABLE.fargate,
      ),
      fargateSpot: readRates(
        prices?.getOptionalConfig('fargateSpot'),
        DEFAULT_PRICE_TABLE.fargateSpot,
      ),
    },
    businessHours,
    thresholds: Object.fromEntries(
      THRESHOLD_KEYS.flatMap(key => {
        const value = thresholds?.getOptionalNumber(key);
        return value === undefined ? [] : [[key, value]];
      }),
    ),
  };
}
