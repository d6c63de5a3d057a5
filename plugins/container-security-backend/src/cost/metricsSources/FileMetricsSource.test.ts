import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  assessWorkloadCost,
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_PRICE_TABLE,
  summarizeWorkloadMetrics,
} from '@containersec/plugin-container-security-node';
import path from 'node:path';
import { FileMetricsSource } from './FileMetricsSource';

const EXAMPLES = path.resolve(__dirname, '../../../../../examples/metrics');
const logger = mockServices.logger.mock();

describe('FileMetricsSource', () => {
  const dir = createMockDirectory();

  it('reads columnar snapshots into per-pod series, MiB to bytes', async () => {
    dir.setContent({
      'a/one.json': JSON.stringify({
        cluster: 'c1',
        start: '2026-11-16T00:00:00Z',
        periodSeconds: 600,
        workloads: [
          {
            namespace: 'ns',
            workload: 'api',
            kind: 'Deployment',
            replicas: [2, 3],
            cpuUsageCores: [0.1, null],
            memoryUsageMiB: [10, 20],
            cpuRequestCores: 0.5,
            memoryLimitMiB: 64,
          },
        ],
      }),
      'a/notes.txt': 'ignored',
    });
    const [result] = await new FileMetricsSource({
      paths: [dir.path],
      logger,
    }).readMetrics();
    expect(result).toMatchObject({ cluster: 'c1', ok: true });
    expect(result.series[0].points).toEqual([
      {
        timestamp: '2026-11-16T00:00:00.000Z',
        cpuUsageCores: 0.1,
        memoryUsageBytes: 10 * 1024 ** 2,
        cpuRequestCores: 0.5,
        memoryLimitBytes: 64 * 1024 ** 2,
        replicas: 2,
        memoryRequestBytes: undefined,
        cpuLimitCores: undefined,
      },
      {
        timestamp: '2026-11-16T00:10:00.000Z',
        cpuUsageCores: undefined,
        memoryUsageBytes: 20 * 1024 ** 2,
        cpuRequestCores: 0.5,
        memoryLimitBytes: 64 * 1024 ** 2,
        replicas: 3,
        memoryRequestBytes: undefined,
        cpuLimitCores: undefined,
      },
    ]);
  });

  it('marks the answer partial and names unreadable files without failing the rest', async () => {
    dir.setContent({
      'good.json': JSON.stringify({
        cluster: 'c1',
        start: '2026-11-16T00:00:00Z',
        periodSeconds: 600,
        workloads: [],
      }),
      'bad.json': JSON.stringify({ cluster: 'c1', periodSeconds: -1 }),
    });
    const [result] = await new FileMetricsSource({
      paths: [dir.path],
      logger,
    }).readMetrics();
    expect(result.ok).toBe(true);
    expect(result.partial).toBe(true);
    expect(result.message).toContain('bad.json');
  });

  it('fails when nothing is readable', async () => {
    dir.setContent({ 'bad.json': '{ not json' });
    const results = await new FileMetricsSource({
      paths: [dir.path],
      logger,
    }).readMetrics();
    expect(results).toEqual([
      expect.objectContaining({
        ok: false,
        message: expect.stringContaining('bad.json'),
      }),
    ]);
  });

  it('ships demo snapshots that show every kind of hint', async () => {
    const [result] = await new FileMetricsSource({
      paths: [EXAMPLES],
      logger,
    }).readMetrics();
    expect(result.ok).toBe(true);
    expect(result.partial).toBeUndefined();
    const hints = result.series.flatMap(series => {
      const stats = summarizeWorkloadMetrics(series, DEFAULT_BUSINESS_HOURS);
      return assessWorkloadCost({
        workload: {
          cluster: series.cluster,
          namespace: series.namespace,
          kind: series.kind!,
          name: series.workload,
        },
        stats,
        prices: DEFAULT_PRICE_TABLE,
        capacityType: 'ec2',
        businessHours: DEFAULT_BUSINESS_HOURS,
      }).hints;
    });
    const kinds = (name: string) =>
      hints
        .filter(h => h.workload.name === name)
        .map(h => `${h.type}:${h.resource}`)
        .sort();
    expect(kinds('image-scan-webhook')).toEqual(['idle:workload']);
    expect(kinds('fraud-scoring')).toEqual([
      'right-size:cpu',
      'right-size:memory',
      'schedule:workload',
      'spot:workload',
    ]);
    expect(kinds('catalog-search')).toContain('limit-risk:cpu');
    expect(kinds('checkout-web')).toContain('limit-risk:memory');
    expect(kinds('notification-dispatcher')).toContain('schedule:workload');
    expect(kinds('payments-api')).toContain('right-size:cpu');
    // A StatefulSet with volume claims never gets a spot hint.
    expect(kinds('ledger-worker')).not.toContain('spot:workload');
  });
});
