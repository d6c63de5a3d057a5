import {
  AuditEvent,
  AuditSourceStatus,
} from '@containersec/plugin-container-security-common';

/**
 * One CloudTrail record as CloudTrail writes it (log files in S3, the `CloudTrailEvent`
 * string of `LookupEvents`). Only the fields the suite reads are typed; everything is
 * optional because records differ by service and event version.
 *
 * @public
 */
export interface CloudTrailRecord {
  eventID?: string;
  eventTime?: string;
  eventName?: string;
  eventSource?: string;
  eventType?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean;
  userIdentity?: {
    type?: string;
    arn?: string;
    accountId?: string;
    principalId?: string;
    userName?: string;
    accessKeyId?: string;
    invokedBy?: string;
    sessionContext?: {
      sessionIssuer?: {
        type?: string;
        arn?: string;
        userName?: string;
        accountId?: string;
      };
      attributes?: { mfaAuthenticated?: string | boolean };
    };
  };
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown> | null;
  resources?: Array<{ ARN?: string; type?: string; accountId?: string }>;
  [field: string]: unknown;
}

/**
 * A record normalised for storage: the displayable event without its risks, plus the
 * keys it is matched to services by and the principal the burst rule counts by.
 *
 * @public
 */
export interface NormalizedAuditEvent extends Omit<AuditEvent, 'risks'> {
  /** Keys of the resources the event touched or acted as (see `eventResourceKeys`). */
  resourceKeys: string[];
  /** Stable identity of the caller (ARN, else principal id, else access key). */
  principalKey: string;
  /** The original record, for rules that read request parameters. */
  record: CloudTrailRecord;
}

/**
 * Where a source writes what it read. Checkpoints are per account and region and
 * opaque to the store (a timestamp for the API source, an S3 key for log files).
 *
 * @public
 */
export interface AuditEventSink {
  /** The checkpoint stored by the last complete run, if any. */
  getCheckpoint(accountId: string, region: string): Promise<string | undefined>;
  /** Stores records (idempotent: deduplicated by event id). */
  store(records: CloudTrailRecord[]): Promise<void>;
  /**
   * Advances the checkpoint. Call it only once everything before it is stored, so a
   * failure never loses a window.
   */
  setCheckpoint(
    accountId: string,
    region: string,
    checkpoint: string,
    syncedUntil?: Date,
  ): Promise<void>;
  /** Records the outcome of a run for one account and region. */
  reportStatus(
    status: Omit<AuditSourceStatus, 'source' | 'syncedUntil' | 'lastRunAt'>,
  ): Promise<void>;
}

/**
 * A source of CloudTrail records: the built-in `LookupEvents` and log-file sources, or an
 * adopter's (a SIEM export, CloudTrail Lake, …). The backend runs every source on its
 * global audit schedule.
 *
 * @public
 */
export interface AuditEventSource {
  /** Unique and stable: it keys the stored checkpoints and statuses. */
  readonly id: string;
  /** Reads what is new since the sink's checkpoints and stores it. */
  sync(sink: AuditEventSink): Promise<void>;
}
