import {
  DEFAULT_BUSINESS_HOURS,
  isBusinessHour,
  offHoursFraction,
} from './businessHours';
import { percentile, summarizeWorkloadMetrics } from './summarize';
import { WorkloadMetricSeries } from './types';

describe('percentile', () => {
  it('interpolates between ranks and handles the edges', () => {
    expect(percentile([], 0.95)).toBeUndefined();
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 1)).toBe(5);
    const hundred = Array.from({ length: 101 }, (_, i) => i);
    expect(percentile(hundred, 0.95)).toBe(95);
  });
});

describe('summarizeWorkloadMetrics', () => {
  const series: WorkloadMetricSeries = {
    cluster: 'prod',
    namespace: 'shop',
    workload: 'api',
    kind: 'Deployment',
    periodSeconds: 3600,
    points: [
      // Monday 2026-11-16, 10:00 UTC (business) and 02:00 UTC (off hours), out of order.
      {
        timestamp: '2026-11-16T10:00:00Z',
        cpuUsageCores: 0.4,
        memoryUsageBytes: 300,
        cpuRequestCores: 1,
        memoryRequestBytes: 1000,
        cpuLimitCores: 2,
        replicas: 3,
      },
      {
        timestamp: '2026-11-16T02:00:00Z',
        cpuUsageCores: 0.1,
        memoryUsageBytes: 200,
        cpuRequestCores: 0.5,
        replicas: 1,
      },
      { timestamp: 'not a date', cpuUsageCores: 99 },
      { timestamp: '2026-11-16T11:00:00Z', cpuUsageCores: Number.NaN },
    ],
  };

  it('takes the latest request and limit, usage distributions and replica stats', () => {
    const s = summarizeWorkloadMetrics(series, DEFAULT_BUSINESS_HOURS);
    expect(s.cpu.request).toBe(1);
    expect(s.cpu.limit).toBe(2);
    expect(s.memory.request).toBe(1000);
    expect(s.memory.limit).toBeUndefined();
    expect(s.cpu.usage).toMatchObject({ max: 0.4, samples: 2 });
    expect(s.replicas).toEqual({ mean: 2, min: 1, max: 3 });
    expect(s.windowStart).toBe('2026-11-16T02:00:00Z');
    expect(s.windowEnd).toBe('2026-11-16T11:00:00Z');
  });

  it('splits workload CPU (per pod × replicas) by business hours', () => {
    const s = summarizeWorkloadMetrics(series, DEFAULT_BUSINESS_HOURS);
    expect(s.businessHoursCpu?.p95).toBeCloseTo(1.2);
    expect(s.offHoursCpu?.p95).toBeCloseTo(0.1);
  });

  it('leaves everything undefined for an empty series', () => {
    const s = summarizeWorkloadMetrics(
      { ...series, points: [] },
      DEFAULT_BUSINESS_HOURS,
    );
    expect(s.cpu).toEqual({
      request: undefined,
      limit: undefined,
      usage: undefined,
    });
    expect(s.replicas).toBeUndefined();
    expect(s.businessHoursCpu).toBeUndefined();
  });
});

describe('business hours', () => {
  it('applies the time zone, daylight saving included', () => {
    const berlin = { ...DEFAULT_BUSINESS_HOURS, timezone: 'Europe/Berlin' };
    // 07:30 UTC in November is 08:30 in Berlin (CET), in business hours there only.
    expect(isBusinessHour(new Date('2026-11-16T07:30:00Z'), berlin)).toBe(true);
    expect(
      isBusinessHour(new Date('2026-11-16T07:30:00Z'), DEFAULT_BUSINESS_HOURS),
    ).toBe(false);
    // 06:30 UTC in July is 08:30 in Berlin (CEST).
    expect(isBusinessHour(new Date('2026-07-13T06:30:00Z'), berlin)).toBe(true);
    // Saturday.
    expect(
      isBusinessHour(new Date('2026-11-21T10:00:00Z'), DEFAULT_BUSINESS_HOURS),
    ).toBe(false);
  });

  it('computes the share of the week outside business hours', () => {
    expect(offHoursFraction(DEFAULT_BUSINESS_HOURS)).toBeCloseTo(113 / 168);
    expect(
      offHoursFraction({
        ...DEFAULT_BUSINESS_HOURS,
        days: [1, 2, 3, 4, 5, 6, 7],
        startHour: 0,
        endHour: 24,
      }),
    ).toBe(0);
  });
});
