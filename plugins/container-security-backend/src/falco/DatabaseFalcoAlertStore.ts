import {
  AlertStatus,
  AlertStatusChange,
  FALCO_PRIORITIES,
  FalcoPriority,
  falcoPriorityRank,
} from '@containersec/plugin-container-security-common';
import { Knex } from 'knex';
import {
  FalcoAlert,
  FalcoAlertAttribution,
  FalcoAlertCount,
  FalcoAlertDimension,
  FalcoAlertFilter,
  FalcoAlertListQuery,
  FalcoAlertStore,
  NewFalcoAlert,
} from './FalcoAlertStore';
import { decodeAlertDetails } from './ingest/detailsCodec';
import {
  AlertDetailsEncoder,
  sharedAlertDetailsEncoder,
} from './ingest/detailsEncoder';
import { insertAlertRowsPostgres, isPostgres } from './pgAlertInsert';

const ALERTS = 'container_security_falco_alerts';
const CHANGES = 'container_security_falco_alert_status_changes';

// 21 columns per row: well inside SQLite's 32766 and PostgreSQL's 65535 bind limits.
const INSERT_CHUNK = 500;

const priorityOfRank = (rank: number): FalcoPriority =>
  FALCO_PRIORITIES[FALCO_PRIORITIES.length - 1 - Number(rank)];

const DIMENSION_COLUMNS: Record<FalcoAlertDimension, string> = {
  rule: 'rule',
  priority: 'priority',
  entityRef: 'entity_ref',
  cluster: 'cluster',
  status: 'status',
  namespace: 'namespace',
};

type Row = Record<string, any>;

/** The exact RFC 3339 form of a stored time, all nine fractional digits. */
export function formatFalcoTime(timeMs: number, timeNs: number): string {
  return new Date(timeMs)
    .toISOString()
    .replace('Z', `${String(timeNs).padStart(6, '0')}Z`);
}

function encodeCursor(alert: FalcoAlert): string {
  return Buffer.from(`${alert.timeMs}.${alert.timeNs}.${alert.id}`).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string) {
  const [ms, ns, id] = Buffer.from(cursor, 'base64url')
    .toString('utf8')
    .split('.');
  if (!/^-?\d+$/.test(ms ?? '') || !/^\d+$/.test(ns ?? '') || !id) {
    return undefined;
  }
  return { ms: Number(ms), ns: Number(ns), id };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

function toRow(alert: NewFalcoAlert, details: Buffer): Row {
  return {
    id: alert.id,
    time_ms: alert.timeMs,
    time_ns: alert.timeNs,
    rule: alert.rule,
    priority: falcoPriorityRank(alert.priority),
    source: alert.source ?? null,
    hostname: alert.hostname ?? null,
    cluster: alert.cluster ?? null,
    namespace: alert.namespace ?? null,
    pod: alert.pod ?? null,
    container: alert.container ?? null,
    tags: alert.tags.length ? JSON.stringify(alert.tags) : null,
    details,
    ingest_source: alert.ingestSource ?? null,
    received_at: alert.receivedAt,
  };
}

function fromRow(row: Row): FalcoAlert {
  const details = decodeAlertDetails(row.details);
  const timeMs = Number(row.time_ms);
  const timeNs = Number(row.time_ns);
  const opt = (v: unknown) =>
    v === null || v === undefined ? undefined : String(v);
  return {
    id: String(row.id),
    timeMs,
    timeNs,
    time: formatFalcoTime(timeMs, timeNs),
    timeEpochNs: (BigInt(timeMs) * 1000000n + BigInt(timeNs)).toString(),
    rule: row.rule,
    priority: priorityOfRank(row.priority),
    source: opt(row.source),
    hostname: opt(row.hostname),
    cluster: opt(row.cluster),
    namespace: opt(row.namespace),
    pod: opt(row.pod),
    container: opt(row.container),
    tags: row.tags ? JSON.parse(row.tags) : [],
    output: details.output,
    outputFields: details.outputFields,
    extraFields: details.extraFields,
    ingestSource: opt(row.ingest_source),
    receivedAt: Number(row.received_at),
    entityRef: opt(row.entity_ref),
    workload:
      row.workload_kind && row.workload_name
        ? {
            cluster: row.cluster ?? '',
            namespace: row.namespace ?? '',
            kind: row.workload_kind,
            name: row.workload_name,
          }
        : undefined,
    status: row.status as AlertStatus,
    statusBy: opt(row.status_by),
    statusAt:
      row.status_at === null || row.status_at === undefined
        ? undefined
        : Number(row.status_at),
    statusComment: opt(row.status_comment),
  };
}

/** {@link FalcoAlertStore} on the plugin's knex database (SQLite or PostgreSQL). */
export class DatabaseFalcoAlertStore implements FalcoAlertStore {
  static create(
    db: Knex,
    options: { encoder?: AlertDetailsEncoder } = {},
  ): DatabaseFalcoAlertStore {
    return new DatabaseFalcoAlertStore(
      db,
      options.encoder ?? sharedAlertDetailsEncoder(),
    );
  }

  private readonly postgres: boolean;

  private constructor(
    private readonly db: Knex,
    private readonly encoder: AlertDetailsEncoder,
  ) {
    this.postgres = isPostgres(db);
  }

  async insertAlerts(
    alerts: NewFalcoAlert[],
  ): Promise<{ insertedIds: string[] }> {
    if (alerts.length === 0) return { insertedIds: [] };
    // The same id twice in one statement would make PostgreSQL's ON CONFLICT fail.
    const unique = [...new Map(alerts.map(a => [a.id, a])).values()];
    const details = await this.encoder.encode(unique);
    const rows = unique.map((alert, i) => toRow(alert, details[i]));
    const insertedIds: string[] = [];
    const insertChunk = async (trx: Knex | Knex.Transaction, chunk: Row[]) => {
      if (this.postgres) {
        insertedIds.push(...(await insertAlertRowsPostgres(trx, chunk)));
        return;
      }
      const result: Array<{ id: string } | string> = await trx(ALERTS)
        .insert(chunk)
        .onConflict('id')
        .ignore()
        .returning('id');
      for (const r of result) {
        insertedIds.push(String(typeof r === 'object' ? r.id : r));
      }
    };
    if (rows.length <= INSERT_CHUNK) {
      await insertChunk(this.db, rows);
    } else {
      await this.db.transaction(async trx => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          await insertChunk(trx, rows.slice(i, i + INSERT_CHUNK));
        }
      });
    }
    return { insertedIds };
  }

  async getAlert(id: string): Promise<FalcoAlert | undefined> {
    const [alert] = await this.getAlerts([id]);
    return alert;
  }

  async getAlerts(ids: string[]): Promise<FalcoAlert[]> {
    const valid = ids.filter(id => /^[0-9a-f-]{36}$/i.test(id));
    if (valid.length === 0) return [];
    const rows = await this.db(ALERTS).whereIn(
      'id',
      valid.map(id => id.toLowerCase()),
    );
    return rows.map(fromRow);
  }

  private applyFilter(query: Knex.QueryBuilder, filter: FalcoAlertFilter) {
    if (filter.entityRef === null) query.whereNull('entity_ref');
    else if (filter.entityRef !== undefined) {
      query.where('entity_ref', filter.entityRef);
    } else if (filter.entityRefs)
      query.whereIn('entity_ref', filter.entityRefs);
    if (filter.priorities?.length) {
      query.whereIn('priority', filter.priorities.map(falcoPriorityRank));
    }
    if (filter.rules?.length) query.whereIn('rule', filter.rules);
    if (filter.statuses?.length) query.whereIn('status', filter.statuses);
    if (filter.workload !== undefined) {
      query.where('workload_name', filter.workload);
    }
    if (filter.container !== undefined) {
      query.where('container', filter.container);
    }
    if (filter.namespace !== undefined) {
      query.where('namespace', filter.namespace);
    }
    if (filter.cluster !== undefined) query.where('cluster', filter.cluster);
    for (const tag of filter.tags ?? []) {
      query.whereRaw(`tags like ? escape '\\'`, [
        `%${escapeLike(JSON.stringify(tag))}%`,
      ]);
    }
    if (filter.fromMs !== undefined)
      query.where('time_ms', '>=', filter.fromMs);
    if (filter.toMs !== undefined) query.where('time_ms', '<', filter.toMs);
    return query;
  }

  async listAlerts(
    query: FalcoAlertListQuery,
  ): Promise<{ items: FalcoAlert[]; nextCursor?: string }> {
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
    const q = this.applyFilter(this.db(ALERTS), query);
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      if (c) {
        q.where('time_ms', '<=', c.ms).andWhere(older =>
          older
            .where('time_ms', '<', c.ms)
            .orWhere(same =>
              same
                .where('time_ms', c.ms)
                .andWhere(inner =>
                  inner
                    .where('time_ns', '<', c.ns)
                    .orWhere(sameNs =>
                      sameNs.where('time_ns', c.ns).andWhere('id', '<', c.id),
                    ),
                ),
            ),
        );
      }
    }
    const rows = await q
      .orderBy([
        { column: 'time_ms', order: 'desc' },
        { column: 'time_ns', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    const items = rows.slice(0, limit).map(fromRow);
    return {
      items,
      nextCursor:
        rows.length > limit ? encodeCursor(items[items.length - 1]) : undefined,
    };
  }

  async aggregate(options: {
    filter: FalcoAlertFilter;
    groupBy: FalcoAlertDimension[];
    bucketMs?: number;
  }): Promise<FalcoAlertCount[]> {
    const columns = options.groupBy.map(d => DIMENSION_COLUMNS[d]);
    const q = this.applyFilter(this.db(ALERTS), options.filter);
    const groups: (string | Knex.Raw)[] = [...columns];
    const bucket = options.bucketMs;
    let bucketExpr: Knex.Raw | undefined;
    if (bucket !== undefined) {
      if (!Number.isSafeInteger(bucket) || bucket <= 0) {
        throw new Error('bucketMs must be a positive integer');
      }
      // Integer division in both databases; the literal is a validated integer.
      bucketExpr = this.db.raw(`(time_ms / ${bucket}) * ${bucket}`);
      groups.push(bucketExpr);
    }
    const select: (string | Knex.Raw)[] = [...columns];
    if (bucketExpr) {
      select.push(
        this.db.raw(`(time_ms / ${bucket}) * ${bucket} as bucket_start`),
      );
    }
    const rows: Row[] = await q
      .select(select)
      .count({ count: '*' })
      .groupBy(groups);
    return rows.map(row => {
      const out: FalcoAlertCount = { count: Number(row.count) };
      if (bucketExpr) out.bucketStartMs = Number(row.bucket_start);
      for (const d of options.groupBy) {
        const v = row[DIMENSION_COLUMNS[d]];
        if (v === null || v === undefined) continue;
        if (d === 'priority') out.priority = priorityOfRank(v);
        else (out as any)[d] = String(v);
      }
      return out;
    });
  }

  async setAttribution(updates: FalcoAlertAttribution[]): Promise<void> {
    if (updates.length === 0) return;
    await this.db.transaction(async trx => {
      for (const u of updates) {
        await trx(ALERTS)
          .where('id', u.id)
          .update({
            entity_ref: u.entityRef,
            workload_kind: u.workload?.kind ?? null,
            workload_name: u.workload?.name ?? null,
            ...(u.workload?.cluster
              ? {
                  cluster: trx.raw('coalesce(cluster, ?)', [
                    u.workload.cluster,
                  ]),
                }
              : {}),
          });
      }
    });
  }

  async listUnattributed(options: {
    afterId?: string;
    limit?: number;
    fromMs?: number;
  }): Promise<FalcoAlert[]> {
    const q = this.db(ALERTS).whereNull('entity_ref');
    if (options.afterId) q.where('id', '>', options.afterId);
    if (options.fromMs !== undefined) q.where('time_ms', '>=', options.fromMs);
    const rows = await q.orderBy('id').limit(options.limit ?? 500);
    return rows.map(fromRow);
  }

  async setStatus(
    id: string,
    change: { status: AlertStatus; by: string; comment: string; atMs: number },
  ): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
    return this.db.transaction(async trx => {
      const updated = await trx(ALERTS).where('id', id.toLowerCase()).update({
        status: change.status,
        status_by: change.by,
        status_at: change.atMs,
        status_comment: change.comment,
      });
      if (!updated) return false;
      await trx(CHANGES).insert({
        alert_id: id.toLowerCase(),
        status: change.status,
        comment: change.comment,
        by: change.by,
        at: change.atMs,
      });
      return true;
    });
  }

  async listStatusChanges(id: string): Promise<AlertStatusChange[]> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return [];
    const rows = await this.db(CHANGES)
      .where('alert_id', id.toLowerCase())
      .orderBy('id');
    return rows.map(r => ({
      status: r.status,
      comment: r.comment,
      by: r.by,
      at: new Date(Number(r.at)).toISOString(),
    }));
  }

  private async deleteIds(ids: string[]) {
    await this.db.transaction(async trx => {
      await trx(CHANGES).whereIn('alert_id', ids).delete();
      await trx(ALERTS).whereIn('id', ids).delete();
    });
  }

  async deleteOlderThan(beforeMs: number, chunkSize = 5000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const ids = (
        await this.db(ALERTS)
          .where('time_ms', '<', beforeMs)
          .select('id')
          .limit(chunkSize)
      ).map(r => String(r.id));
      if (ids.length === 0) return deleted;
      await this.deleteIds(ids);
      deleted += ids.length;
      if (ids.length < chunkSize) return deleted;
    }
  }

  async deleteBeyondCount(maxCount: number, chunkSize = 5000): Promise<number> {
    let excess = (await this.countAlerts()) - maxCount;
    let deleted = 0;
    while (excess > 0) {
      const ids = (
        await this.db(ALERTS)
          .select('id')
          .orderBy([
            { column: 'time_ms', order: 'asc' },
            { column: 'time_ns', order: 'asc' },
            { column: 'id', order: 'asc' },
          ])
          .limit(Math.min(chunkSize, excess))
      ).map(r => String(r.id));
      if (ids.length === 0) break;
      await this.deleteIds(ids);
      deleted += ids.length;
      excess -= ids.length;
    }
    return deleted;
  }

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  async countAlerts(filter: FalcoAlertFilter = {}): Promise<number> {
    const [row] = await this.applyFilter(this.db(ALERTS), filter).count({
      count: '*',
    });
    return Number(row.count);
  }
}
