import { SourceStatus } from '@containersec/plugin-container-security-common';
import { Knex } from 'knex';

/** A stored timestamp (a Date on PostgreSQL, text or a number on SQLite) as ISO 8601. */
export const isoTimestamp = (value: Date | string) =>
  new Date(value).toISOString();

/** Inserts `rows` a chunk at a time, so no statement passes SQLite's bound-parameter limit. */
export async function insertInChunks(
  tx: Knex.Transaction,
  table: string,
  rows: object[],
  chunkSize: number,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) {
    await tx(table).insert(rows.slice(i, i + chunkSize));
  }
}

/**
 * Replaces the rows one source stored for each cluster it scanned, and forgets the
 * clusters it no longer reports; a cluster it reported but could not read keeps its rows.
 */
export async function replaceScannedClusters(
  tx: Knex.Transaction,
  options: {
    table: string;
    source: string;
    reportedClusters: string[];
    scanned: Array<{ cluster: string; rows: object[] }>;
    insertChunk: number;
  },
): Promise<void> {
  const { table, source } = options;
  await tx(table)
    .where({ source })
    .whereNotIn('cluster', options.reportedClusters)
    .delete();
  for (const { cluster, rows } of options.scanned) {
    await tx(table).where({ source, cluster }).delete();
    await insertInChunks(tx, table, rows, options.insertChunk);
  }
}

/** What one source read from one cluster: the rows to store when the read succeeded. */
export interface ClusterSnapshot {
  cluster: string;
  ok: boolean;
  message?: string;
  rows: object[];
}

/** A row of a source-status table (one per source and cluster). */
export type SourceStatusRow = {
  source: string;
  cluster: string;
  ok: boolean | number;
  message: string | null;
  workload_count: number;
  synced_at: Date | string;
};

/**
 * Replaces one source's rows cluster by cluster, within `tx`: clusters the source no
 * longer reports are dropped, a cluster that was read gets its new rows, and a cluster
 * that failed keeps its last rows. Each reported cluster's status row records the outcome
 * and how many rows it now has.
 */
async function replaceClusterSnapshots(
  tx: Knex.Transaction,
  options: {
    table: string;
    statusTable: string;
    source: string;
    snapshots: ClusterSnapshot[];
    syncedAt: Date;
    insertChunk: number;
  },
): Promise<void> {
  const { table, statusTable, source, snapshots, syncedAt } = options;
  const reported = snapshots.map(s => s.cluster);
  await tx(table).where({ source }).whereNotIn('cluster', reported).delete();
  await tx(statusTable)
    .where({ source })
    .whereNotIn('cluster', reported)
    .delete();
  for (const snapshot of snapshots) {
    const { cluster } = snapshot;
    if (snapshot.ok) {
      await tx(table).where({ source, cluster }).delete();
      await insertInChunks(tx, table, snapshot.rows, options.insertChunk);
    }
    // A failed cluster keeps its last rows, so only then is the count read back.
    const count = snapshot.ok
      ? snapshot.rows.length
      : Number(
          (await tx(table).where({ source, cluster }).count({ n: '*' }))[0].n,
        );
    await tx(statusTable)
      .insert({
        source,
        cluster,
        ok: snapshot.ok,
        message: snapshot.message ?? null,
        workload_count: count,
        synced_at: syncedAt,
      })
      .onConflict(['source', 'cluster'])
      .merge();
  }
}

/** Every status row of `statusTable`, as the API reports them. */
async function listSourceStatuses(
  db: Knex,
  statusTable: string,
): Promise<SourceStatus[]> {
  const rows: SourceStatusRow[] = await db(statusTable).orderBy([
    'source',
    'cluster',
  ]);
  return rows.map(row => ({
    source: row.source,
    cluster: row.cluster,
    ok: Boolean(row.ok),
    ...(row.message ? { message: row.message } : {}),
    syncedAt: isoTimestamp(row.synced_at),
    workloadCount: Number(row.workload_count),
  }));
}

/** The tables of a {@link ClusterSnapshotStore}. */
export interface ClusterSnapshotTables {
  /** The rows sources replace cluster by cluster. */
  table: string;
  /** A status row per source and cluster. */
  statusTable: string;
  /** Rows an insert statement takes (SQLite binds at most 999 parameters). */
  insertChunk: number;
}

/**
 * What a Knex store shares whose sources replace their rows cluster by cluster (see
 * {@link replaceClusterSnapshots}), with a status row per source and cluster.
 */
export abstract class ClusterSnapshotStore {
  protected constructor(
    protected readonly db: Knex,
    private readonly tables: ClusterSnapshotTables,
  ) {}

  /** Replaces what `source` read, in one transaction. */
  protected async replaceSnapshots(
    source: string,
    snapshots: ClusterSnapshot[],
    syncedAt: Date,
  ): Promise<void> {
    await this.db.transaction(tx =>
      replaceClusterSnapshots(tx, {
        ...this.tables,
        source,
        snapshots,
        syncedAt,
      }),
    );
  }

  async listSourceStatuses(): Promise<SourceStatus[]> {
    return listSourceStatuses(this.db, this.tables.statusTable);
  }
}
