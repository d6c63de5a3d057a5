import {
  PostureSnapshot,
  SCORE_MODEL_VERSION,
} from '@containersec/plugin-container-security-common';
import { Knex } from 'knex';
import { replaceScannedClusters } from '../workloads';
import {
  EntitySnapshot,
  LatestSnapshot,
  PostureStore,
  StoredResource,
} from './PostureStore';

const RESOURCES = 'container_security_resources';
const SNAPSHOTS = 'container_security_posture_snapshots';
const LATEST = 'container_security_scorecards';
const WEEK_MS = 7 * 24 * 3600 * 1000;
// Snapshots stored before the model was recorded (score_model NULL) used model 1.
const FIRST_SCORE_MODEL = 1;
// Keeps each INSERT under SQLite's bound-parameter limit (9 columns a row).
const INSERT_CHUNK = 100;
const SNAPSHOT_CHUNK = 40;

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
  kind: string | null;
  title: string | null;
  owner: string | null;
  system: string | null;
  domain: string | null;
  lifecycle: string | null;
  failing_checks: string | null;
  score_model: number | null;
};

type LatestRow = Omit<SnapshotRow, 'kind' | 'failing_checks'> & {
  kind: string;
  failing_checks: string;
  previous_score: number | null;
};

const orUndefined = <T>(v: T | null) => (v === null ? undefined : v);

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
    scoreModel: row.score_model ?? FIRST_SCORE_MODEL,
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
    const rowsOf = (cluster: string, resources: StoredResource[]) =>
      resources.map(
        (r): ResourceRow => ({
          source,
          cluster,
          namespace: r.resource.namespace ?? '',
          kind: r.resource.kind,
          name: r.resource.name,
          is_workload: r.isWorkload,
          labels: JSON.stringify(r.labels),
          findings: JSON.stringify(r.findings),
          exemptions: JSON.stringify(r.exemptions),
        }),
      );
    await this.db.transaction(tx =>
      replaceScannedClusters(tx, {
        table: RESOURCES,
        source,
        reportedClusters,
        scanned: scanned.map(({ cluster, resources }) => ({
          cluster,
          rows: rowsOf(cluster, resources),
        })),
        insertChunk: INSERT_CHUNK,
      }),
    );
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
      kind: s.kind,
      title: s.title ?? null,
      owner: s.owner ?? null,
      system: s.system ?? null,
      domain: s.domain ?? null,
      lifecycle: s.lifecycle ?? null,
      failing_checks: JSON.stringify(s.failingChecks),
      // The store records what this code computes; a snapshot names another model only
      // when it was computed elsewhere.
      score_model: s.scoreModel ?? SCORE_MODEL_VERSION,
    }));
    await this.db.transaction(async tx => {
      const previous = new Map<string, number>();
      if (snapshots.length > 0) {
        const weekBefore = new Date(
          Math.min(...snapshots.map(s => Date.parse(s.takenAt))) - WEEK_MS,
        );
        const latestBefore = tx(SNAPSHOTS)
          .select('entity_ref')
          .max({ t: 'taken_at' })
          .where('taken_at', '<=', weekBefore)
          .groupBy('entity_ref')
          .as('m');
        const found: Array<{
          entity_ref: string;
          score: number;
          score_model: number | null;
        }> = await tx(`${SNAPSHOTS} as s`)
          .join(latestBefore, function on() {
            this.on('s.entity_ref', '=', 'm.entity_ref').andOn(
              's.taken_at',
              '=',
              'm.t',
            );
          })
          .select('s.entity_ref', 's.score', 's.score_model');
        const models = new Map(rows.map(r => [r.entity_ref, r.score_model]));
        for (const f of found) {
          // A change of model is not a change of posture: no delta across it.
          if (
            (f.score_model ?? FIRST_SCORE_MODEL) !== models.get(f.entity_ref)
          ) {
            continue;
          }
          previous.set(f.entity_ref, f.score);
        }
      }
      for (let i = 0; i < rows.length; i += SNAPSHOT_CHUNK) {
        await tx(SNAPSHOTS).insert(rows.slice(i, i + SNAPSHOT_CHUNK));
      }
      await tx(LATEST).delete();
      const newest = new Map<string, SnapshotRow>();
      for (const r of rows) {
        const seen = newest.get(r.entity_ref);
        if (!seen || new Date(seen.taken_at) <= new Date(r.taken_at)) {
          newest.set(r.entity_ref, r);
        }
      }
      const latest: LatestRow[] = [...newest.values()].map(r => ({
        ...r,
        kind: r.kind!,
        failing_checks: r.failing_checks!,
        previous_score: previous.get(r.entity_ref) ?? null,
      }));
      for (let i = 0; i < latest.length; i += SNAPSHOT_CHUNK) {
        await tx(LATEST).insert(latest.slice(i, i + SNAPSHOT_CHUNK));
      }
    });
  }

  async listLatest(): Promise<LatestSnapshot[]> {
    const rows: LatestRow[] = await this.db(LATEST).orderBy('entity_ref');
    return rows.map(r => ({
      ...toSnapshot(r as unknown as SnapshotRow),
      entityRef: r.entity_ref,
      kind: r.kind,
      title: orUndefined(r.title),
      owner: orUndefined(r.owner),
      system: orUndefined(r.system),
      domain: orUndefined(r.domain),
      lifecycle: orUndefined(r.lifecycle),
      failingChecks: JSON.parse(r.failing_checks),
      previousScore: orUndefined(r.previous_score),
    }));
  }

  async lastSnapshotAt(): Promise<Date | undefined> {
    const [row] = await this.db(LATEST).max({ t: 'taken_at' });
    return row?.t ? new Date(row.t) : undefined;
  }

  async listSnapshotsSince(since: Date) {
    const rows: Array<
      Pick<SnapshotRow, 'entity_ref' | 'taken_at' | 'score' | 'failing_checks'>
    > = await this.db(SNAPSHOTS)
      .select('entity_ref', 'taken_at', 'score', 'failing_checks')
      .where('taken_at', '>=', since)
      .orderBy(['taken_at', 'id']);
    return rows.map(r => ({
      entityRef: r.entity_ref,
      takenAt: new Date(r.taken_at).toISOString(),
      score: r.score,
      failingChecks: JSON.parse(r.failing_checks ?? '[]'),
    }));
  }

  async getTrend(entityRef: string, limit: number): Promise<PostureSnapshot[]> {
    const rows: SnapshotRow[] = await this.db(SNAPSHOTS)
      .where({ entity_ref: entityRef })
      .orderBy('taken_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.reverse().map(toSnapshot);
  }

  async pruneSnapshots(options: {
    keepAllAfter: Date;
    deleteBefore?: Date;
  }): Promise<{ deleted: number; downsampled: number }> {
    const db = this.db;
    const deleted = options.deleteBefore
      ? await db(SNAPSHOTS)
          .where('taken_at', '<', options.deleteBefore)
          .delete()
      : 0;
    // The UTC day of a snapshot: PostgreSQL stores timestamptz, SQLite the epoch in ms.
    const day =
      db.client.config.client === 'pg'
        ? db.raw('floor(extract(epoch from taken_at) / 86400)')
        : db.raw('cast(taken_at / 86400000 as integer)');
    // Ids grow with time (snapshots are added in rounds), so the highest id of an
    // entity's day is its last snapshot of that day.
    const kept = db(SNAPSHOTS)
      .max('id')
      .where('taken_at', '<', options.keepAllAfter)
      .groupBy('entity_ref', day);
    const downsampled = await db(SNAPSHOTS)
      .where('taken_at', '<', options.keepAllAfter)
      .whereNotIn('id', db.select('*').from(kept.as('kept')))
      .delete();
    return { deleted, downsampled };
  }
}
