import {
  AlertStatus,
  AlertStatusChange,
  AlertWorkloadRef,
  FalcoPriority,
} from '@containersec/plugin-container-security-common';

/**
 * One validated Falco event, ready to store. Built by the ingest (webhook, NATS) from
 * the event as received; every string is attacker-controlled text.
 */
export interface NewFalcoAlert {
  /**
   * The de-duplication key and primary key: Falcosidekick's `uuid` when the event has a
   * valid one, else a UUID derived from a SHA-256 of the canonical event
   * (see `ingest/dedupKey.ts`). Storing the same id twice keeps the first row.
   */
  id: string;
  /** Epoch milliseconds of Falco's `time` (column `time_ms`). */
  timeMs: number;
  /** Nanoseconds within `timeMs`, 0..999999 (column `time_ns`); with `timeMs` the exact time. */
  timeNs: number;
  /** Falco rule name (≤ 255 characters). */
  rule: string;
  /** Canonical priority; stored as `falcoPriorityRank` (7 Emergency … 0 Debug). */
  priority: FalcoPriority;
  /** Falco's event source (`syscall`, `k8s_audit`, `internal`, …) when present. */
  source?: string;
  /** Falco's `hostname` (the node or the Falco pod). */
  hostname?: string;
  /** Cluster, from a Falcosidekick custom field, the source's config or the hostname map. */
  cluster?: string;
  /** `output_fields["k8s.ns.name"]`. */
  namespace?: string;
  /** `output_fields["k8s.pod.name"]`. */
  pod?: string;
  /** `output_fields["container.name"]`, else `container.id`. */
  container?: string;
  /** Rule tags as sent. */
  tags: string[];
  /** Falco's rendered output line. */
  output: string;
  /**
   * Falco's `output_fields`, every field kept. Integers beyond 2^53 (such as `evt.time`)
   * are decimal strings so they stay exact.
   */
  outputFields: Record<string, unknown>;
  /** Top-level fields of the event the suite does not model (for example `uuid`), kept as received. */
  extraFields: Record<string, unknown>;
  /** Which configured source delivered it: a source id, `token:<subject>` or `nats:<stream>`. */
  ingestSource?: string;
  /** Epoch milliseconds the receiver accepted it. */
  receivedAt: number;
}

/** A stored alert: the event plus attribution and status. */
export interface FalcoAlert extends NewFalcoAlert {
  /** RFC 3339 with all nine fractional digits, e.g. `2025-11-24T13:22:11.153390386Z`. */
  time: string;
  /** Exact event time as decimal epoch nanoseconds (a string: it exceeds 2^53). */
  timeEpochNs: string;
  /** The catalog entity the alert was attributed to; undefined while unattributed. */
  entityRef?: string;
  /** The workload attribution matched (cluster/namespace from the alert when not set apart). */
  workload?: AlertWorkloadRef;
  status: AlertStatus;
  /** User entity ref of the last status change. */
  statusBy?: string;
  /** Epoch milliseconds of the last status change. */
  statusAt?: number;
  statusComment?: string;
}

/** Filters for listing and aggregating alerts. All given filters must hold. */
export interface FalcoAlertFilter {
  /**
   * Only alerts of this entity; `null` for unattributed alerts only; undefined for all.
   */
  entityRef?: string | null;
  /** Several entities at once (ignored when `entityRef` is given). */
  entityRefs?: string[];
  priorities?: FalcoPriority[];
  rules?: string[];
  statuses?: AlertStatus[];
  /** Workload name (column `workload_name`). */
  workload?: string;
  /** Container name or id (column `container`). */
  container?: string;
  namespace?: string;
  cluster?: string;
  /** Alerts carrying every one of these tags. */
  tags?: string[];
  /** Epoch milliseconds, inclusive. */
  fromMs?: number;
  /** Epoch milliseconds, exclusive. */
  toMs?: number;
}

/** A page request for `listAlerts`: newest first, keyset-paged. */
export interface FalcoAlertListQuery extends FalcoAlertFilter {
  /** 1..1000, default 100. */
  limit?: number;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
}

/** What `aggregate` can group by. */
export type FalcoAlertDimension =
  | 'rule'
  | 'priority'
  | 'entityRef'
  | 'cluster'
  | 'status'
  | 'namespace';

/** One group of `aggregate`: the dimension values (absent when null) and its count. */
export interface FalcoAlertCount {
  /** Start (epoch ms) of the time bucket when `bucketMs` was given. */
  bucketStartMs?: number;
  rule?: string;
  priority?: FalcoPriority;
  entityRef?: string;
  cluster?: string;
  status?: AlertStatus;
  namespace?: string;
  count: number;
}

/** One attribution decision made by the attribution service. */
export interface FalcoAlertAttribution {
  id: string;
  /** The owning entity, or null to mark the alert unattributed again. */
  entityRef: string | null;
  workload?: AlertWorkloadRef;
}

/**
 * Storage of Falco alerts. Safe for several backend replicas on one database: inserts
 * de-duplicate on the primary key in the database, nothing relies on process memory.
 */
export interface FalcoAlertStore {
  /**
   * Stores alerts in one multi-row INSERT … ON CONFLICT DO NOTHING (chunked for large
   * batches) inside one transaction. Resolves after commit with the ids that were new;
   * redelivered ids are skipped silently.
   */
  insertAlerts(alerts: NewFalcoAlert[]): Promise<{ insertedIds: string[] }>;

  /** One alert with every field, or undefined. */
  getAlert(id: string): Promise<FalcoAlert | undefined>;

  /** Several alerts by id (missing ids are left out), in no particular order. */
  getAlerts(ids: string[]): Promise<FalcoAlert[]>;

  /**
   * Alerts matching the filter, newest first (time, then id), keyset-paged through
   * `nextCursor`. Served by the (entity_ref, time_ms) index for per-entity lists.
   */
  listAlerts(
    query: FalcoAlertListQuery,
  ): Promise<{ items: FalcoAlert[]; nextCursor?: string }>;

  /**
   * Counts alerts matching the filter, grouped by the given dimensions and, when
   * `bucketMs` is set, by time bucket (`floor(time_ms / bucketMs) * bucketMs`).
   */
  aggregate(options: {
    filter: FalcoAlertFilter;
    groupBy: FalcoAlertDimension[];
    bucketMs?: number;
  }): Promise<FalcoAlertCount[]>;

  /**
   * Records attribution decisions (entity_ref, workload_kind/name; fills `cluster` from
   * the workload when the alert had none).
   */
  setAttribution(updates: FalcoAlertAttribution[]): Promise<void>;

  /**
   * Unattributed alerts, oldest id order after `afterId`, for re-attribution passes.
   * Returns at most `limit` (default 500).
   */
  listUnattributed(options: {
    afterId?: string;
    limit?: number;
    fromMs?: number;
  }): Promise<FalcoAlert[]>;

  /**
   * Changes the status of an alert and appends the change to its history in one
   * transaction. Resolves false when the alert does not exist.
   */
  setStatus(
    id: string,
    change: { status: AlertStatus; by: string; comment: string; atMs: number },
  ): Promise<boolean>;

  /** The status history of an alert, oldest first. */
  listStatusChanges(id: string): Promise<AlertStatusChange[]>;

  /**
   * Retention: deletes alerts older than `beforeMs` (epoch ms), in chunks of at most
   * `chunkSize` rows so no long lock is held. Resolves with how many were deleted.
   */
  deleteOlderThan(beforeMs: number, chunkSize?: number): Promise<number>;

  /**
   * Retention: keeps only the newest `maxCount` alerts, deleting the rest in chunks.
   * Resolves with how many were deleted.
   */
  deleteBeyondCount(maxCount: number, chunkSize?: number): Promise<number>;

  /** Resolves when the database answers a trivial query (health probe of the ingest). */
  ping(): Promise<void>;

  /** Number of stored alerts (for retention decisions, tests and the bench). */
  countAlerts(filter?: FalcoAlertFilter): Promise<number>;
}
