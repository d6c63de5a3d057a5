import {
  AuditEvent,
  AuditRisk,
  AuditSourceStatus,
} from '@containersec/plugin-container-security-common';
import { AccessDeniedEvent } from '@containersec/plugin-container-security-node';

/** An event ready to store: what is displayed, plus what it is matched and counted by. */
export interface AuditEventRow {
  event: AuditEvent;
  resourceKeys: string[];
  principalKey: string;
}

/** Filters of an event query; all optional. */
export interface AuditEventFilter {
  /** Only events touching one of these resource keys. */
  resourceKeys?: string[];
  from?: Date;
  to?: Date;
  eventName?: string;
  eventSource?: string;
  principal?: string;
  riskyOnly?: boolean;
  errorsOnly?: boolean;
  limit: number;
  cursor?: string;
}

/** Stored CloudTrail events, their resource keys and the sources' checkpoints. */
export interface AuditStore {
  /** Inserts events not stored yet (by event id); returns how many were new. */
  storeEvents(rows: AuditEventRow[]): Promise<number>;
  /** Ids of the given events that are stored already. */
  existingEventIds(eventIds: string[]): Promise<Set<string>>;
  /** Stored authorization failures of these principals in a time range, for the burst rule. */
  listAccessDenied(
    principalKeys: string[],
    from: Date,
    to: Date,
  ): Promise<AccessDeniedEvent[]>;
  /** Adds a risk to stored events that do not carry that rule yet. */
  addRisks(risks: Map<string, AuditRisk>): Promise<void>;
  /** Newest first, keyset-paged. */
  queryEvents(
    filter: AuditEventFilter,
  ): Promise<{ items: AuditEvent[]; nextCursor?: string }>;
  /** The resource keys of stored events. */
  resourceKeysOf(eventIds: string[]): Promise<Map<string, string[]>>;

  getCheckpoint(
    source: string,
    accountId: string,
    region: string,
  ): Promise<string | undefined>;
  setCheckpoint(
    source: string,
    accountId: string,
    region: string,
    checkpoint: string,
    syncedUntil: Date | undefined,
  ): Promise<void>;
  setStatus(
    status: Omit<AuditSourceStatus, 'syncedUntil' | 'lastRunAt'>,
    at: Date,
  ): Promise<void>;
  listStatuses(): Promise<AuditSourceStatus[]>;
}
