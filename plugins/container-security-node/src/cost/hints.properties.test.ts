import fc from 'fast-check';
import { DEFAULT_BUSINESS_HOURS } from './businessHours';
import { assessWorkloadCost } from './hints';
import { DEFAULT_PRICE_TABLE } from './prices';
import { UsageDistribution, WorkloadUsageStats } from './summarize';

const MI = 1024 ** 2;

const distribution = (max: number) =>
  fc
    .tuple(
      fc.double({ min: 0, max, noNaN: true }),
      fc.double({ min: 0, max, noNaN: true }),
      fc.double({ min: 0, max, noNaN: true }),
    )
    .map(([a, b, c]): UsageDistribution => {
      const [p50, p95, peak] = [a, b, c].sort((x, y) => x - y);
      return { p50, p95, max: peak, mean: p50, samples: 10 };
    });

const stats: fc.Arbitrary<WorkloadUsageStats> = fc.record({
  cluster: fc.constant('c'),
  namespace: fc.constant('n'),
  workload: fc.constant('w'),
  windowStart: fc.constant('2026-11-08T00:00:00Z'),
  windowEnd: fc.constant('2026-11-22T00:00:00Z'),
  periodSeconds: fc.constant(300),
  usesPersistentVolumes: fc.option(fc.boolean(), { nil: undefined }),
  replicas: fc.option(
    fc.integer({ min: 0, max: 50 }).map(r => ({ mean: r, min: r, max: r })),
    { nil: undefined },
  ),
  cpu: fc.record(
    {
      request: fc.double({ min: 0.001, max: 16, noNaN: true }),
      limit: fc.double({ min: 0.001, max: 32, noNaN: true }),
      usage: distribution(16),
    },
    { requiredKeys: [] },
  ),
  memory: fc.record(
    {
      request: fc.double({ min: MI, max: 64 * 1024 * MI, noNaN: true }),
      limit: fc.double({ min: MI, max: 64 * 1024 * MI, noNaN: true }),
      usage: distribution(64 * 1024 * MI),
    },
    { requiredKeys: [] },
  ),
  businessHoursCpu: fc.option(distribution(32), { nil: undefined }),
  offHoursCpu: fc.option(distribution(32), { nil: undefined }),
});

describe('assessWorkloadCost properties', () => {
  it('never promises negative savings or more than the workload costs', () => {
    fc.assert(
      fc.property(
        stats,
        fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', ''),
        fc.constantFrom('ec2' as const, 'fargate' as const),
        (s, kind, capacityType) => {
          const result = assessWorkloadCost({
            workload: { cluster: 'c', namespace: 'n', kind, name: 'w' },
            stats: s,
            prices: DEFAULT_PRICE_TABLE,
            capacityType,
            businessHours: DEFAULT_BUSINESS_HOURS,
          });
          expect(result.monthlyCost).toBeGreaterThanOrEqual(0);
          const risks = result.hints.filter(h => h.type === 'limit-risk');
          const savings = result.hints.filter(h => h.type !== 'limit-risk');
          expect(risks.every(h => h.monthlySavings === 0)).toBe(true);
          expect(savings.every(h => h.monthlySavings > 0)).toBe(true);
          // Rounding to cents on each hint may add up to a cent per hint.
          expect(result.potentialSavings).toBeLessThanOrEqual(
            result.monthlyCost + 0.01 * result.hints.length,
          );
          // An idle workload gets the idle hint and no other saving.
          const idle = savings.some(h => h.type === 'idle');
          expect(idle ? savings.length : 1).toBe(1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
