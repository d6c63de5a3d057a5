import { PostureSnapshot } from '@containersec/plugin-container-security-common';
import { Knex } from 'knex';
import { EntitySnapshot, PostureStore, StoredResource } from './PostureStore';

const RESOURCES = 'container_security_resources';
const SNAPSHOTS = 'container_security_posture_snapshots';
// Keeps each INSERT under SQLite's bound-parameter limit (9 columns a row).
const INSERT_CHUNK = 100;
const SNAPSHOT_CHUNK = 75;

type ResourceRow = {
  source: string;
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  is_workload: boolean | number;
  labels: string;
  findings: string;
  exemptions: string;
};

type SnapshotRow = {
  entity_ref: string;
  taken_at: Date | string;
  score: number;
  grade: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  workload_count: number;
};

function toSnapshot(row: SnapshotRow): PostureSnapshot {
  return {
    takenAt: new Date(row.taken_at).toISOString(),
    score: row.score,
    grade: row.grade as PostureSnapshot['grade'],
    counts: {
      critical: row.critical,
      high: row.high,
      medium: row.medium,
      low: row.low,
      info: row.info,
    },
    workloadCount: row.workload_count,
  };
}

/** Knex implementation of the posture store, for SQLite and PostgreSQL. */
export class DatabasePostureStore implements PostureStore {
  static create(db: Knex): DatabasePostureStore {
    return new DatabasePostureStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async recordScan(
    source: string,
    scanned: Array<{ cluster: string; resources: StoredResource[] }>,
    reportedClusters: string[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(RESOURCES)
        .where({ source })
        .whereNotIn('cluster', reportedClusters)
        .delete();
      for (const { cluster, resources } of scanned) {
        await tx(RESOURCES).where({ source, cluster }).delete();
        const rows: ResourceRow[] = resources.map(r => ({
          source,
          cluster,
          namespace: r.resource.namespace ?? '',
          kind: r.resource.kind,
          name: r.resource.name,
          is_workload: r.isWorkload,
          labels: JSON.stringify(r.labels),
          findings: JSON.stringify(r.findings),
          exemptions: JSON.stringify(r.exemptions),
        }));
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          await tx(RESOURCES).insert(rows.slice(i, i + INSERT_CHUNK));
        }
      }
    });
  }

  async listResources(query: {
    namespace?: string;
  }): Promise<StoredResource[]> {
    const rows: ResourceRow[] = await this.db(RESOURCES)
      .modify(q => {
        if (query.namespace !== undefined)
          q.where('namespace', query.namespace);
      })
      .orderBy(['namespace', 'kind', 'name', 'cluster', 'source']);
    return rows.map(row => ({
      source: row.source,
      cluster: row.cluster,
      resource: {
        kind: row.kind,
        namespace: row.namespace === '' ? undefined : row.namespace,
        name: row.name,
      },
      isWorkload: Boolean(row.is_workload),
      labels: JSON.parse(row.labels),
      findings: JSON.parse(row.findings),
      exemptions: JSON.parse(row.exemptions),
    }));
  }

  async addSnapshots(snapshots: EntitySnapshot[]): Promise<void> {
    const rows: SnapshotRow[] = snapshots.map(s => ({
      entity_ref: s.entityRef,
      taken_at: new Date(s.takenAt),
      score: s.score,
      grade: s.grade,
      ...s.counts,
      workload_count: s.workloadCount,
    }));
    for (let i = 0; i < rows.length; i += SNAPSHOT_CHUNK) {
      await this.db(SNAPSHOTS).insert(rows.slice(i, i + SNAPSHOT_CHUNK));
    }
  }

  async getTrend(entityRef: string, limit: number): Promise<PostureSnapshot[]> {
    const rows: SnapshotRow[] = await this.db(SNAPSHOTS)
      .where({ entity_ref: entityRef })
      .orderBy('taken_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.reverse().map(toSnapshot);
  }
}
