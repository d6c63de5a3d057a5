import { InputError } from '@backstage/errors';
import {
  AuditEvent,
  AuditRisk,
  AuditSourceStatus,
} from '@containersec/plugin-container-security-common';
import {
  AccessDeniedEvent,
  isAccessDeniedError,
  sortRisks,
} from '@containersec/plugin-container-security-node';
import { Knex } from 'knex';
import { AuditEventFilter, AuditEventRow, AuditStore } from './AuditStore';

const EVENTS = 'container_security_audit_events';
const RESOURCES = 'container_security_audit_event_resources';
const SOURCES = 'container_security_audit_sources';

// Rows per insert statement: well under SQLite's bound-variable limit.
const CHUNK = 50;

function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value as string);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function encodeCursor(event: AuditEvent): string {
  return Buffer.from(`${event.eventTime}|${event.eventId}`).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { time: Date; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const at = text.indexOf('|');
  const time = new Date(text.slice(0, at));
  if (at < 0 || Number.isNaN(time.getTime()) || !text.slice(at + 1)) {
    throw new InputError('Invalid cursor');
  }
  return { time, id: text.slice(at + 1) };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

/** {@link AuditStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseAuditStore implements AuditStore {
  static create(db: Knex): DatabaseAuditStore {
    return new DatabaseAuditStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async storeEvents(rows: AuditEventRow[]): Promise<number> {
    const unique = [...new Map(rows.map(r => [r.event.eventId, r])).values()];
    if (!unique.length) return 0;
    const existing = await this.existingEventIds(
      unique.map(r => r.event.eventId),
    );
    const fresh = unique.filter(r => !existing.has(r.event.eventId));
    await this.db.transaction(async tx => {
      for (let i = 0; i < fresh.length; i += CHUNK) {
        const chunk = fresh.slice(i, i + CHUNK);
        await tx(EVENTS)
          .insert(
            chunk.map(({ event, principalKey }) => ({
              event_id: event.eventId,
              event_time: new Date(event.eventTime),
              event_name: event.eventName.slice(0, 255),
              event_source: event.eventSource.slice(0, 255),
              account_id: event.accountId.slice(0, 32),
              region: event.region.slice(0, 64),
              principal: (event.principal.arn ?? event.principal.name).slice(
                0,
                1024,
              ),
              principal_key: principalKey.slice(0, 1024),
              error_code: event.errorCode?.slice(0, 255) ?? null,
              risky: event.risks.length > 0,
              event: JSON.stringify(event),
              source: event.source.slice(0, 255),
            })),
          )
          // A concurrent writer (another replica, an overlapping source) may have won.
          .onConflict('event_id')
          .ignore();
        const keys = chunk.flatMap(({ event, resourceKeys }) =>
          resourceKeys.map(key => ({
            resource_key: key.slice(0, 1024),
            event_id: event.eventId,
            event_time: new Date(event.eventTime),
          })),
        );
        for (let k = 0; k < keys.length; k += CHUNK * 2) {
          await tx(RESOURCES)
            .insert(keys.slice(k, k + CHUNK * 2))
            .onConflict(['resource_key', 'event_id'])
            .ignore();
        }
      }
    });
    return fresh.length;
  }

  async existingEventIds(eventIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < eventIds.length; i += 500) {
      const rows = await this.db(EVENTS)
        .whereIn('event_id', eventIds.slice(i, i + 500))
        .select('event_id');
      rows.forEach(r => found.add(r.event_id));
    }
    return found;
  }

  async listAccessDenied(
    principalKeys: string[],
    from: Date,
    to: Date,
  ): Promise<AccessDeniedEvent[]> {
    if (!principalKeys.length) return [];
    const rows = await this.db(EVENTS)
      .whereIn('principal_key', principalKeys)
      .whereNotNull('error_code')
      .where('event_time', '>=', from)
      .where('event_time', '<=', to)
      .select('event_id', 'event_time', 'principal_key', 'error_code');
    return rows
      .filter(r => isAccessDeniedError(r.error_code))
      .map(r => ({
        eventId: r.event_id,
        eventTime: toDate(r.event_time)!.toISOString(),
        principalKey: r.principal_key,
        errorCode: r.error_code,
      }));
  }

  async addRisks(risks: Map<string, AuditRisk>): Promise<void> {
    if (!risks.size) return;
    await this.db.transaction(async tx => {
      const rows = await tx(EVENTS)
        .whereIn('event_id', [...risks.keys()])
        .select('event_id', 'event');
      for (const row of rows) {
        const event: AuditEvent = JSON.parse(row.event);
        const risk = risks.get(row.event_id)!;
        if (event.risks.some(r => r.ruleId === risk.ruleId)) continue;
        event.risks = sortRisks([...event.risks, risk]);
        await tx(EVENTS)
          .where('event_id', row.event_id)
          .update({ risky: true, event: JSON.stringify(event) });
      }
    });
  }

  async queryEvents(
    filter: AuditEventFilter,
  ): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
    if (filter.resourceKeys && !filter.resourceKeys.length) {
      return { items: [] };
    }
    const query = this.db(EVENTS).select('event');
    if (filter.resourceKeys) {
      const keys = filter.resourceKeys;
      query.whereIn('event_id', sub => {
        sub.from(RESOURCES).whereIn('resource_key', keys).select('event_id');
        if (filter.from) sub.where('event_time', '>=', filter.from);
        if (filter.to) sub.where('event_time', '<', filter.to);
      });
    }
    if (filter.from) query.where('event_time', '>=', filter.from);
    if (filter.to) query.where('event_time', '<', filter.to);
    if (filter.eventName) query.where('event_name', filter.eventName);
    if (filter.eventSource) query.where('event_source', filter.eventSource);
    if (filter.riskyOnly) query.where('risky', true);
    if (filter.errorsOnly) query.whereNotNull('error_code');
    if (filter.principal) {
      query.whereRaw("LOWER(principal) LIKE ? ESCAPE '\\'", [
        `%${escapeLike(filter.principal.toLowerCase())}%`,
      ]);
    }
    if (filter.cursor) {
      const { time, id } = decodeCursor(filter.cursor);
      query.where(q =>
        q
          .where('event_time', '<', time)
          .orWhere(q2 =>
            q2.where('event_time', time).where('event_id', '<', id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'event_time', order: 'desc' },
        { column: 'event_id', order: 'desc' },
      ])
      .limit(filter.limit + 1);
    const items: AuditEvent[] = rows
      .slice(0, filter.limit)
      .map(r => JSON.parse(r.event));
    return {
      items,
      nextCursor:
        rows.length > filter.limit
          ? encodeCursor(items[items.length - 1])
          : undefined,
    };
  }

  async resourceKeysOf(eventIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (!eventIds.length) return result;
    const rows = await this.db(RESOURCES)
      .whereIn('event_id', eventIds)
      .select('event_id', 'resource_key');
    for (const row of rows) {
      result.set(row.event_id, [
        ...(result.get(row.event_id) ?? []),
        row.resource_key,
      ]);
    }
    return result;
  }

  async getCheckpoint(
    source: string,
    accountId: string,
    region: string,
  ): Promise<string | undefined> {
    const row = await this.db(SOURCES)
      .where({ source, account_id: accountId, region })
      .first('checkpoint');
    return row?.checkpoint ?? undefined;
  }

  async setCheckpoint(
    source: string,
    accountId: string,
    region: string,
    checkpoint: string,
    syncedUntil: Date | undefined,
  ): Promise<void> {
    await this.db(SOURCES)
      .insert({
        source,
        account_id: accountId,
        region,
        checkpoint,
        synced_until: syncedUntil ?? null,
        status: 'pending',
      })
      .onConflict(['source', 'account_id', 'region'])
      .merge({
        checkpoint,
        ...(syncedUntil ? { synced_until: syncedUntil } : {}),
      });
  }

  async setStatus(
    status: Omit<AuditSourceStatus, 'syncedUntil' | 'lastRunAt'>,
    at: Date,
  ): Promise<void> {
    const values = {
      status: status.status,
      message: status.message?.slice(0, 2000) ?? null,
      last_run_at: at,
    };
    await this.db(SOURCES)
      .insert({
        source: status.source,
        account_id: status.accountId,
        region: status.region,
        ...values,
      })
      .onConflict(['source', 'account_id', 'region'])
      .merge(values);
  }

  async listStatuses(): Promise<AuditSourceStatus[]> {
    const rows = await this.db(SOURCES)
      .select()
      .orderBy(['source', 'account_id', 'region']);
    return rows.map(r => ({
      source: r.source,
      accountId: r.account_id,
      region: r.region,
      status: r.status,
      message: r.message ?? undefined,
      syncedUntil: toDate(r.synced_until)?.toISOString(),
      lastRunAt: toDate(r.last_run_at)?.toISOString(),
    }));
  }
}
