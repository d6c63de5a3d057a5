import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WorkloadMetricPoint,
  WorkloadMetricSeries,
  WorkloadMetricsResult,
  WorkloadMetricsSource,
} from '@containersec/plugin-container-security-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const MI = 1024 ** 2;

const numbers = z.array(z.number().nonnegative().nullable());
const scalarOrSeries = z.union([z.number().nonnegative(), numbers]);

/**
 * A metric snapshot file: one cluster's workloads over a window, in columns. Every
 * array has one value per period from `start` (null for a gap); requests, limits and
 * replicas may be a single number for the whole window. CPU in cores, memory in MiB.
 */
const snapshotSchema = z.object({
  cluster: z.string().min(1),
  start: z.string().datetime({ offset: true }),
  periodSeconds: z.number().int().positive(),
  workloads: z.array(
    z.object({
      namespace: z.string().min(1),
      workload: z.string().min(1),
      kind: z.string().optional(),
      usesPersistentVolumes: z.boolean().optional(),
      replicas: scalarOrSeries,
      cpuUsageCores: numbers,
      memoryUsageMiB: numbers,
      cpuRequestCores: scalarOrSeries.optional(),
      memoryRequestMiB: scalarOrSeries.optional(),
      cpuLimitCores: scalarOrSeries.optional(),
      memoryLimitMiB: scalarOrSeries.optional(),
    }),
  ),
});

/** The shape of a metric snapshot file. */
export type MetricSnapshot = z.infer<typeof snapshotSchema>;

const at = (
  value: number | Array<number | null> | undefined,
  i: number,
  scale = 1,
): number | undefined => {
  const v = Array.isArray(value) ? value[i] : value;
  return v === null || v === undefined ? undefined : v * scale;
};

/** Turns one snapshot into metric series. */
export function seriesFromSnapshot(
  snapshot: MetricSnapshot,
): WorkloadMetricSeries[] {
  const start = Date.parse(snapshot.start);
  return snapshot.workloads.map(w => {
    const length = Math.max(w.cpuUsageCores.length, w.memoryUsageMiB.length);
    const points: WorkloadMetricPoint[] = [];
    for (let i = 0; i < length; i++) {
      points.push({
        timestamp: new Date(
          start + i * snapshot.periodSeconds * 1000,
        ).toISOString(),
        cpuUsageCores: at(w.cpuUsageCores, i),
        memoryUsageBytes: at(w.memoryUsageMiB, i, MI),
        cpuRequestCores: at(w.cpuRequestCores, i),
        memoryRequestBytes: at(w.memoryRequestMiB, i, MI),
        cpuLimitCores: at(w.cpuLimitCores, i),
        memoryLimitBytes: at(w.memoryLimitMiB, i, MI),
        replicas: at(w.replicas, i),
      });
    }
    return {
      cluster: snapshot.cluster,
      namespace: w.namespace,
      workload: w.workload,
      kind: w.kind,
      usesPersistentVolumes: w.usesPersistentVolumes,
      periodSeconds: snapshot.periodSeconds,
      points,
    };
  });
}

/**
 * Reads metric snapshots (`*.json`) from folders or files: the demo portal's embedded
 * metrics, and a way to try the hints on figures exported from elsewhere. The snapshot
 * is taken as it is; the requested window does not filter it.
 */
export class FileMetricsSource implements WorkloadMetricsSource {
  readonly id = 'files';

  constructor(
    private readonly options: { paths: string[]; logger: LoggerService },
  ) {}

  async readMetrics(): Promise<WorkloadMetricsResult[]> {
    const byCluster = new Map<string, WorkloadMetricsResult>();
    const failures: string[] = [];
    for (const file of await this.listFiles()) {
      try {
        const snapshot = snapshotSchema.parse(
          JSON.parse(await fs.readFile(file, 'utf8')),
        );
        const result = byCluster.get(snapshot.cluster) ?? {
          cluster: snapshot.cluster,
          ok: true,
          series: [],
        };
        result.series.push(...seriesFromSnapshot(snapshot));
        byCluster.set(snapshot.cluster, result);
      } catch (e) {
        const reason =
          e instanceof z.ZodError
            ? e.issues
                .slice(0, 3)
                .map(i => `${i.path.join('.')}: ${i.message}`)
                .join('; ')
            : (e as Error).message;
        failures.push(`${path.basename(file)}: ${reason}`);
        this.options.logger.warn('unreadable metric snapshot', {
          file,
          reason,
        });
      }
    }
    const results = [...byCluster.values()];
    if (failures.length) {
      const message = `unreadable snapshots: ${failures.join(' | ')}`;
      if (results.length === 0) {
        return [{ cluster: 'files', ok: false, message, series: [] }];
      }
      for (const r of results) {
        r.partial = true;
        r.message = message;
      }
    }
    return results;
  }

  private async listFiles(): Promise<string[]> {
    const files: string[] = [];
    const visit = async (p: string) => {
      const stat = await fs.stat(p).catch(() => undefined);
      if (!stat) {
        this.options.logger.warn('metric snapshot path not found', { path: p });
      } else if (stat.isDirectory()) {
        for (const entry of (await fs.readdir(p)).sort()) {
          await visit(path.join(p, entry));
        }
      } else if (p.endsWith('.json')) {
        files.push(p);
      }
    };
    for (const p of this.options.paths) await visit(p);
    return files;
  }
}
