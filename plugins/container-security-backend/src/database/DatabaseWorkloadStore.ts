import {
  matchesLabelRequirements,
  SourceStatus,
  WorkloadSummary,
} from '@containersec/plugin-container-security-common';
import { ClusterReadResult } from '@containersec/plugin-container-security-node';
import { Knex } from 'knex';
import { WorkloadQuery, WorkloadStore } from './WorkloadStore';

const WORKLOADS = 'container_security_workloads';
const STATUS = 'container_security_source_status';
// Stays under SQLite's 999 bound-parameter limit with 8 columns a row.
const INSERT_CHUNK = 100;

type WorkloadRow = {
  source: string;
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  labels: string;
  containers: string;
  observed_at: Date | string;
};

type StatusRow = {
  source: string;
  cluster: string;
  ok: boolean | number;
  message: string | null;
  workload_count: number;
  synced_at: Date | string;
};

const iso = (value: Date | string) => new Date(value).toISOString();

function toWorkload(row: WorkloadRow): WorkloadSummary {
  return {
    source: row.source,
    cluster: row.cluster,
    namespace: row.namespace,
    kind: row.kind,
    name: row.name,
    labels: JSON.parse(row.labels),
    containers: JSON.parse(row.containers),
    observedAt: iso(row.observed_at),
  };
}

/** Knex implementation of the workload store, for SQLite and PostgreSQL. */
export class DatabaseWorkloadStore implements WorkloadStore {
  static create(db: Knex): DatabaseWorkloadStore {
    return new DatabaseWorkloadStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async recordSync(
    source: string,
    results: ClusterReadResult[],
    syncedAt: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const reported = results.map(r => r.cluster);
      await tx(WORKLOADS)
        .where({ source })
        .whereNotIn('cluster', reported)
        .delete();
      await tx(STATUS)
        .where({ source })
        .whereNotIn('cluster', reported)
        .delete();

      for (const result of results) {
        if (result.ok) {
          await tx(WORKLOADS)
            .where({ source, cluster: result.cluster })
            .delete();
          const rows: WorkloadRow[] = result.workloads.map(w => ({
            source,
            cluster: result.cluster,
            namespace: w.namespace,
            kind: w.kind,
            name: w.name,
            labels: JSON.stringify(w.labels),
            containers: JSON.stringify(w.containers),
            observed_at: new Date(w.observedAt),
          }));
          for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
            await tx(WORKLOADS).insert(rows.slice(i, i + INSERT_CHUNK));
          }
        }
        // A failed cluster keeps its last workloads, so only then is the count read back.
        const count = result.ok
          ? result.workloads.length
          : (
              await tx(WORKLOADS)
                .where({ source, cluster: result.cluster })
                .count({ count: '*' })
            )[0].count;
        await tx(STATUS)
          .insert({
            source,
            cluster: result.cluster,
            ok: result.ok,
            message: result.message ?? null,
            workload_count: Number(count),
            synced_at: syncedAt,
          })
          .onConflict(['source', 'cluster'])
          .merge();
      }
    });
  }

  async listWorkloads(
    query: WorkloadQuery,
  ): Promise<{ items: WorkloadSummary[]; totalCount: number }> {
    const base = this.db<WorkloadRow>(WORKLOADS).modify(q => {
      if (query.namespace) q.where('namespace', query.namespace);
      if (query.kind) q.where('kind', query.kind);
    });
    const order = (q: Knex.QueryBuilder) =>
      q.orderBy([
        'namespace',
        'kind',
        'name',
        'cluster',
        'source',
      ]) as Knex.QueryBuilder;

    if (query.requirements?.length) {
      // Labels are stored as JSON text, so selectors are applied here; the namespace
      // filter above keeps the candidate set small for annotated entities.
      const rows: WorkloadRow[] = await order(base.clone());
      const matching = rows
        .map(toWorkload)
        .filter(w => matchesLabelRequirements(w.labels, query.requirements!));
      const offset = query.offset ?? 0;
      return {
        items: matching.slice(
          offset,
          query.limit !== undefined ? offset + query.limit : undefined,
        ),
        totalCount: matching.length,
      };
    }

    const [{ count }] = await base.clone().count({ count: '*' });
    const page = order(base.clone());
    if (query.limit !== undefined) page.limit(query.limit);
    if (query.offset) page.offset(query.offset);
    const rows: WorkloadRow[] = await page;
    return { items: rows.map(toWorkload), totalCount: Number(count) };
  }

  async listSourceStatuses(): Promise<SourceStatus[]> {
    const rows: StatusRow[] = await this.db(STATUS).orderBy([
      'source',
      'cluster',
    ]);
    return rows.map(r => ({
      source: r.source,
      cluster: r.cluster,
      ok: Boolean(r.ok),
      message: r.message ?? undefined,
      workloadCount: r.workload_count,
      syncedAt: iso(r.synced_at),
    }));
  }
}
