import { Knex } from 'knex';
import {
  ClusterSnapshot,
  ClusterSnapshotStore,
  isoTimestamp,
} from '../workloads';
import { ClusterCostResult, CostStore, StoredWorkloadCost } from './CostStore';

const COSTS = 'container_security_workload_costs';
const TABLES = {
  table: COSTS,
  statusTable: 'container_security_cost_source_status',
  // 15 columns a row stays under SQLite's 999 bound parameters.
  insertChunk: 50,
};

type CostRow = {
  source: string;
  cluster: string;
  namespace: string;
  workload: string;
  kind: string;
  capacity_type: string;
  replicas: number;
  monthly_cost: number;
  potential_savings: number;
  currency: string;
  stats: string;
  hints: string;
  window_start: Date | string | null;
  window_end: Date | string | null;
  computed_at: Date | string;
};

const dateOrNull = (value: string) =>
  value && !Number.isNaN(Date.parse(value)) ? new Date(value) : null;

function toRow(cost: StoredWorkloadCost): CostRow {
  return {
    source: cost.source,
    cluster: cost.cluster,
    namespace: cost.namespace,
    workload: cost.workload,
    kind: cost.kind,
    capacity_type: cost.capacityType,
    replicas: cost.replicas,
    monthly_cost: cost.monthlyCost,
    potential_savings: cost.potentialSavings,
    currency: cost.currency,
    stats: JSON.stringify(cost.stats),
    hints: JSON.stringify(cost.hints),
    window_start: dateOrNull(cost.stats.windowStart),
    window_end: dateOrNull(cost.stats.windowEnd),
    computed_at: new Date(cost.computedAt),
  };
}

function fromRow(row: CostRow): StoredWorkloadCost {
  return {
    source: row.source,
    cluster: row.cluster,
    namespace: row.namespace,
    workload: row.workload,
    kind: row.kind,
    capacityType: row.capacity_type === 'fargate' ? 'fargate' : 'ec2',
    replicas: Number(row.replicas),
    monthlyCost: Number(row.monthly_cost),
    potentialSavings: Number(row.potential_savings),
    currency: row.currency,
    stats: JSON.parse(row.stats),
    hints: JSON.parse(row.hints),
    computedAt: isoTimestamp(row.computed_at),
  };
}

/** What a pull read from one cluster, as rows to store when the read succeeded. */
function snapshotOf(result: ClusterCostResult): ClusterSnapshot {
  return { ...result, rows: result.ok ? result.costs.map(toRow) : [] };
}

/** Knex implementation of the cost store, for SQLite and PostgreSQL. */
export class DatabaseCostStore
  extends ClusterSnapshotStore
  implements CostStore
{
  static create(db: Knex): DatabaseCostStore {
    return new DatabaseCostStore(db, TABLES);
  }

  async recordPull(
    source: string,
    results: ClusterCostResult[],
    syncedAt: Date,
  ): Promise<void> {
    await this.replaceSnapshots(source, results.map(snapshotOf), syncedAt);
  }

  async listCosts(
    query: { namespaces?: string[] } = {},
  ): Promise<StoredWorkloadCost[]> {
    const q = this.db<CostRow>(COSTS).select();
    if (query.namespaces) {
      if (query.namespaces.length === 0) return [];
      q.whereIn('namespace', query.namespaces);
    }
    const rows = await q.orderBy([
      'cluster',
      'namespace',
      'workload',
      'source',
    ]);
    return rows.map(fromRow);
  }
}
