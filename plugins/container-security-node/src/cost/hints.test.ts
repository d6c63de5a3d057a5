import { WorkloadRef } from '@containersec/plugin-container-security-common';
import { DEFAULT_BUSINESS_HOURS } from './businessHours';
import { assessWorkloadCost, sortCostHints } from './hints';
import { DEFAULT_PRICE_TABLE, HOURS_PER_MONTH, monthlyCostOf } from './prices';
import { UsageDistribution, WorkloadUsageStats } from './summarize';

const MI = 1024 ** 2;
const GI = 1024 ** 3;
const workload: WorkloadRef = {
  cluster: 'prod',
  namespace: 'shop',
  kind: 'Deployment',
  name: 'api',
};

const usage = (p95: number, max = p95, p50 = p95): UsageDistribution => ({
  p50,
  p95,
  max,
  mean: p50,
  samples: 100,
});

function stats(
  overrides: Partial<WorkloadUsageStats> = {},
): WorkloadUsageStats {
  return {
    cluster: 'prod',
    namespace: 'shop',
    workload: 'api',
    windowStart: '2026-11-08T00:00:00Z',
    windowEnd: '2026-11-22T00:00:00Z',
    periodSeconds: 300,
    replicas: { mean: 3, min: 3, max: 3 },
    // Well used: no right-size, no limit risk.
    cpu: { request: 0.5, limit: 2, usage: usage(0.4, 0.6, 0.3) },
    memory: {
      request: 512 * MI,
      limit: 1 * GI,
      usage: usage(400 * MI, 450 * MI),
    },
    usesPersistentVolumes: true,
    ...overrides,
  };
}

const assess = (
  s: WorkloadUsageStats,
  extra: Partial<Parameters<typeof assessWorkloadCost>[0]> = {},
) =>
  assessWorkloadCost({
    workload,
    stats: s,
    prices: DEFAULT_PRICE_TABLE,
    capacityType: 'ec2',
    businessHours: DEFAULT_BUSINESS_HOURS,
    ...extra,
  });

describe('assessWorkloadCost', () => {
  it('prices the current requests and replicas with the on-demand rates', () => {
    const result = assess(stats());
    const perPodHour = 0.5 * 0.0334 + 0.5 * 0.00366;
    expect(result.monthlyCost).toBeCloseTo(perPodHour * 3 * HOURS_PER_MONTH, 2);
    expect(result.hints).toEqual([]);
    expect(result.potentialSavings).toBe(0);
  });

  it('suggests a CPU request of p95 × headroom, rounded up, with the saving', () => {
    const result = assess(
      stats({ cpu: { request: 1, usage: usage(0.1, 0.2) } }),
    );
    const [hint] = result.hints;
    expect(hint).toMatchObject({
      type: 'right-size',
      resource: 'cpu',
      current: '1 CPU per pod',
      suggested: '130m CPU per pod',
      workload,
    });
    expect(hint.monthlySavings).toBeCloseTo(
      (1 - 0.13) * 0.0334 * 3 * HOURS_PER_MONTH,
      1,
    );
    expect(hint.why).toContain(
      'p95 CPU per pod was 100m, 10% of the 1 CPU request',
    );
    expect(result.potentialSavings).toBe(hint.monthlySavings);
  });

  it('does not right-size requests that p95 usage fills', () => {
    const result = assess(stats({ cpu: { request: 1, usage: usage(0.6) } }));
    expect(result.hints.filter(h => h.type === 'right-size')).toEqual([]);
  });

  it('never suggests less memory than the peak needs', () => {
    const result = assess(
      stats({
        memory: { request: 2 * GI, usage: usage(200 * MI, 600 * MI) },
      }),
    );
    const hint = result.hints.find(h => h.resource === 'memory')!;
    // max(200Mi × 1.3, 600Mi × 1.1 = 660Mi) rounded up to 64Mi steps = 704Mi
    expect(hint.suggested).toBe('704Mi memory per pod');
    expect(hint.current).toBe('2Gi memory per pod');
    expect(hint.monthlySavings).toBeGreaterThan(0);
  });

  it('warns of CPU throttling and OOM risk when peaks reach the limits, without savings', () => {
    const result = assess(
      stats({
        cpu: { request: 0.5, limit: 0.5, usage: usage(0.4, 0.49) },
        memory: {
          request: 512 * MI,
          limit: 512 * MI,
          usage: usage(400 * MI, 500 * MI),
        },
      }),
    );
    const risks = result.hints.filter(h => h.type === 'limit-risk');
    expect(risks.map(h => h.resource)).toEqual(['cpu', 'memory']);
    expect(risks.every(h => h.monthlySavings === 0)).toBe(true);
    expect(risks[0].suggested).toBe('620m CPU limit or more');
    expect(risks[1].title).toContain('OOM');
  });

  it('leaves limits alone while peaks stay clear of them', () => {
    const result = assess(
      stats({ cpu: { request: 0.5, limit: 1, usage: usage(0.4, 0.85) } }),
    );
    expect(result.hints.find(h => h.type === 'limit-risk')).toBeUndefined();
  });

  it('flags an idle workload with its whole cost, and nothing else', () => {
    const s = stats({
      kind: 'Deployment',
      usesPersistentVolumes: false,
      cpu: { request: 1, usage: usage(0.002, 0.004) },
      memory: { request: 1 * GI, usage: usage(50 * MI) },
    });
    const result = assess(s);
    expect(result.hints.map(h => h.type)).toEqual(['idle']);
    expect(result.hints[0].monthlySavings).toBe(result.monthlyCost);
    expect(result.potentialSavings).toBe(result.monthlyCost);
  });

  it('suggests spot for a stateless Deployment with replicas to spare', () => {
    const result = assess(stats({ usesPersistentVolumes: false }));
    const spot = result.hints.find(h => h.type === 'spot')!;
    expect(spot.suggested).toBe('EC2 spot');
    expect(spot.why).toContain('mounts no PersistentVolumeClaims');
    expect(spot.monthlySavings).toBeCloseTo(result.monthlyCost * 0.6, 1);
  });

  it('says when it could not check for volumes', () => {
    const result = assess(stats({ usesPersistentVolumes: undefined }));
    expect(result.hints.find(h => h.type === 'spot')!.why).toContain(
      'check it mounts no PersistentVolumeClaims',
    );
  });

  it.each([
    ['mounts PVCs', { usesPersistentVolumes: true }, workload],
    [
      'is a StatefulSet',
      { usesPersistentVolumes: false },
      { ...workload, kind: 'StatefulSet' },
    ],
    [
      'has a single replica',
      { usesPersistentVolumes: false, replicas: { mean: 1, min: 1, max: 1 } },
      workload,
    ],
  ])('does not suggest spot for a workload that %s', (_, o, w) => {
    const result = assessWorkloadCost({
      workload: w,
      stats: stats(o),
      prices: DEFAULT_PRICE_TABLE,
      capacityType: 'ec2',
      businessHours: DEFAULT_BUSINESS_HOURS,
    });
    expect(result.hints.find(h => h.type === 'spot')).toBeUndefined();
  });

  it('suggests Fargate Spot on Fargate, priced with Fargate rates and minimum sizes', () => {
    const result = assess(
      stats({
        usesPersistentVolumes: false,
        cpu: { request: 0.1, usage: usage(0.08) },
        memory: { request: 128 * MI, usage: usage(100 * MI, 110 * MI) },
      }),
      { capacityType: 'fargate' },
    );
    // Fargate bills at least 0.25 vCPU and 0.5 GiB per pod.
    expect(result.monthlyCost).toBeCloseTo(
      (0.25 * 0.04048 + 0.5 * 0.004445) * 3 * HOURS_PER_MONTH,
      2,
    );
    expect(result.hints.find(h => h.type === 'spot')!.suggested).toBe(
      'Fargate Spot',
    );
  });

  it('suggests a scheduled scale-down when off-hours usage is a fraction of business hours', () => {
    const result = assess(
      stats({
        businessHoursCpu: usage(1.2),
        offHoursCpu: usage(0.05),
      }),
    );
    const hint = result.hints.find(h => h.type === 'schedule')!;
    // Mon–Fri 8–19 is 55 of 168 hours.
    expect(hint.monthlySavings).toBeCloseTo(
      result.monthlyCost * (113 / 168),
      1,
    );
    expect(hint.suggested).toContain('67% of the week');
  });

  it('does not schedule down a workload busy at night, nor a DaemonSet', () => {
    expect(
      assess(
        stats({ businessHoursCpu: usage(1.2), offHoursCpu: usage(0.9) }),
      ).hints.find(h => h.type === 'schedule'),
    ).toBeUndefined();
    expect(
      assessWorkloadCost({
        workload: { ...workload, kind: 'DaemonSet' },
        stats: stats({
          businessHoursCpu: usage(1.2),
          offHoursCpu: usage(0.01),
        }),
        prices: DEFAULT_PRICE_TABLE,
        capacityType: 'ec2',
        businessHours: DEFAULT_BUSINESS_HOURS,
      }).hints,
    ).toEqual([]);
  });

  it('prices each hint on what the previous ones leave, so savings add up to at most the cost', () => {
    const result = assess(
      stats({
        usesPersistentVolumes: false,
        cpu: { request: 2, usage: usage(0.2, 0.3) },
        memory: { request: 4 * GI, usage: usage(300 * MI, 400 * MI) },
        businessHoursCpu: usage(0.6),
        offHoursCpu: usage(0.03),
      }),
    );
    expect(result.hints.map(h => h.type)).toEqual([
      'right-size',
      'right-size',
      'spot',
      'schedule',
    ]);
    const after = monthlyCostOf({
      cpuCores: 0.26,
      memoryBytes: 448 * MI,
      replicas: 3,
      capacityType: 'ec2',
      spot: true,
      prices: DEFAULT_PRICE_TABLE,
      runningFraction: 55 / 168,
    });
    expect(result.potentialSavings).toBeCloseTo(result.monthlyCost - after, 1);
    expect(result.potentialSavings).toBeLessThan(result.monthlyCost);
  });

  it('estimates workloads without requests from their usage and gives no right-size hint', () => {
    const result = assess(
      stats({
        cpu: { usage: usage(0.3, 0.5) },
        memory: { usage: usage(200 * MI, 256 * MI) },
      }),
    );
    expect(result.monthlyCost).toBeCloseTo(
      (0.3 * 0.0334 + 0.25 * 0.00366) * 3 * HOURS_PER_MONTH,
      2,
    );
    expect(result.hints.filter(h => h.type === 'right-size')).toEqual([]);
  });

  it('costs nothing and hints nothing at zero replicas', () => {
    const result = assess(
      stats({
        replicas: { mean: 0, min: 0, max: 0 },
        cpu: { request: 4, usage: usage(0) },
      }),
    );
    expect(result).toEqual({
      replicas: 0,
      monthlyCost: 0,
      potentialSavings: 0,
      hints: [],
    });
  });

  it('prices the requests but hints nothing without usage data', () => {
    const result = assess(
      stats({
        cpu: { request: 1 },
        memory: { request: 1 * GI },
        replicas: { mean: 2, min: 2, max: 2 },
      }),
    );
    expect(result.monthlyCost).toBeGreaterThan(0);
    expect(result.hints).toEqual([]);
  });

  it('assumes one pod when the source reported usage but no replica counts', () => {
    const result = assess(stats({ replicas: undefined }));
    expect(result.replicas).toBe(1);
  });

  it('drops savings below the noise floor', () => {
    const result = assess(
      stats({ cpu: { request: 0.02, usage: usage(0.006) } }),
      { thresholds: { minMonthlySavings: 5 } },
    );
    expect(result.hints).toEqual([]);
  });
});

describe('sortCostHints', () => {
  it('puts the largest savings first and risks last', () => {
    const base = {
      workload,
      resource: 'cpu' as const,
      title: '',
      current: '',
      suggested: '',
      why: '',
    };
    const sorted = sortCostHints([
      { ...base, type: 'limit-risk', monthlySavings: 0 },
      { ...base, type: 'spot', monthlySavings: 3 },
      { ...base, type: 'idle', monthlySavings: 0 },
      { ...base, type: 'right-size', monthlySavings: 10 },
    ]);
    expect(sorted.map(h => h.type)).toEqual([
      'right-size',
      'spot',
      'idle',
      'limit-risk',
    ]);
  });
});
