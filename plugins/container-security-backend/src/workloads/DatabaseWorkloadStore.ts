import {
  selectsWorkload,
  WorkloadSummary,
} from '@containersec/plugin-container-security-common';
import { ClusterReadResult } from '@containersec/plugin-container-security-node';
import { Knex } from 'knex';
import {
  ClusterSnapshot,
  ClusterSnapshotStore,
  isoTimestamp,
} from './clusterSnapshots';
import { WorkloadQuery, WorkloadStore } from './WorkloadStore';

const WORKLOADS = 'container_security_workloads';
const TABLES = {
  table: WORKLOADS,
  statusTable: 'container_security_source_status',
  // Stays under SQLite's 999 bound-parameter limit with 8 columns a row.
  insertChunk: 100,
};

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

function toWorkload(row: WorkloadRow): WorkloadSummary {
  return {
    source: row.source,
    cluster: row.cluster,
    namespace: row.namespace,
    kind: row.kind,
    name: row.name,
    labels: JSON.parse(row.labels),
    containers: JSON.parse(row.containers),
    observedAt: isoTimestamp(row.observed_at),
  };
}

/** What a sync read from one cluster, as rows to store. */
function snapshotOf(
  source: string,
  result: ClusterReadResult,
): ClusterSnapshot {
  return {
    ...result,
    rows: result.workloads.map(
      (w): WorkloadRow => ({
        source,
        cluster: result.cluster,
        namespace: w.namespace,
        kind: w.kind,
        name: w.name,
        labels: JSON.stringify(w.labels),
        containers: JSON.stringify(w.containers),
        observed_at: new Date(w.observedAt),
      }),
    ),
  };
}

/** Knex implementation of the workload store, for SQLite and PostgreSQL. */
export class DatabaseWorkloadStore
  extends ClusterSnapshotStore
  implements WorkloadStore
{
  static create(db: Knex): DatabaseWorkloadStore {
    return new DatabaseWorkloadStore(db, TABLES);
  }

  async recordSync(
    source: string,
    results: ClusterReadResult[],
    syncedAt: Date,
  ): Promise<void> {
    const snapshots = results.map(result => snapshotOf(source, result));
    await this.replaceSnapshots(source, snapshots, syncedAt);
  }

  async listWorkloads(
    query: WorkloadQuery,
  ): Promise<{ items: WorkloadSummary[]; totalCount: number }> {
    const base = this.db<WorkloadRow>(WORKLOADS).modify(q => {
      const namespace = query.selector?.namespace ?? query.namespace;
      if (namespace) q.where('namespace', namespace);
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

    const { selector } = query;
    if (selector) {
      // Labels are stored as JSON text, so selectors are applied here; the namespace
      // filter above keeps the candidate set small for annotated entities.
      const rows: WorkloadRow[] = await order(base.clone());
      const matching = rows
        .map(toWorkload)
        .filter(w => selectsWorkload(selector, w));
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
}
