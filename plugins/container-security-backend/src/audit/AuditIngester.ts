import {
  AuditEvent,
  AuditRisk,
} from '@containersec/plugin-container-security-common';
import {
  AuditRule,
  AuditRuleSettings,
  BUILT_IN_AUDIT_RULES,
  CloudTrailRecord,
  evaluateAuditEvent,
  findAccessDeniedBursts,
  isAccessDeniedError,
  normalizeCloudTrailRecord,
  sortRisks,
} from '@containersec/plugin-container-security-node';
import { AuditStore } from './AuditStore';

/** A newly stored event that at least one risky-event rule fired on. */
export interface StoredRiskyAuditEvent {
  event: AuditEvent;
  resourceKeys: string[];
  /** `userIdentity.accessKeyId` of the record (the key the call was signed with). */
  accessKeyId?: string;
  /** `userIdentity.userName` of the record (an IAM user's name). */
  userName?: string;
}

/**
 * Turns CloudTrail records into stored events: normalise, run the risky-event rules,
 * count AccessDenied bursts against what is stored already, insert (deduplicated).
 */
export class AuditIngester {
  private readonly rules: AuditRule[];

  constructor(
    private readonly deps: {
      store: AuditStore;
      settings: AuditRuleSettings;
      extraRules?: AuditRule[];
      /**
       * Called after each store with the new events that are risky (responders);
       * not awaited, so a slow listener never holds up the sync. Errors are the
       * listener's to handle.
       */
      onRiskyEventsStored?: (events: StoredRiskyAuditEvent[]) => void;
    },
  ) {
    this.rules = [...BUILT_IN_AUDIT_RULES, ...(deps.extraRules ?? [])];
  }

  /** Stores the records; returns how many events were new. */
  async ingest(records: CloudTrailRecord[], source: string): Promise<number> {
    const { store, settings } = this.deps;
    const normalized = records.flatMap(r => {
      const event = normalizeCloudTrailRecord(r, source);
      return event ? [event] : [];
    });
    if (!normalized.length) return 0;
    const existing = await store.existingEventIds(
      normalized.map(e => e.eventId),
    );
    const fresh = normalized.filter(e => !existing.has(e.eventId));
    if (!fresh.length) return 0;

    const rows = fresh.map(e => {
      const { record, resourceKeys, principalKey, ...event } = e;
      return {
        event: { ...event, risks: evaluateAuditEvent(e, settings, this.rules) },
        resourceKeys,
        principalKey,
      };
    });

    // Bursts may span syncs: count the stored failures of the same principals around the new ones.
    const denied = fresh.filter(e => isAccessDeniedError(e.errorCode));
    let storedBursts = new Map<string, AuditRisk>();
    if (denied.length) {
      const windowMs = settings.accessDeniedBurst.windowMinutes * 60_000;
      const times = denied.map(e => Date.parse(e.eventTime));
      const stored = await store.listAccessDenied(
        [...new Set(denied.map(e => e.principalKey))],
        new Date(Math.min(...times) - windowMs),
        new Date(Math.max(...times) + windowMs),
      );
      const bursts = findAccessDeniedBursts([...stored, ...denied], settings);
      for (const row of rows) {
        const risk = bursts.get(row.event.eventId);
        if (risk) row.event.risks = sortRisks([...row.event.risks, risk]);
      }
      const storedIds = new Set(stored.map(s => s.eventId));
      storedBursts = new Map([...bursts].filter(([id]) => storedIds.has(id)));
    }
    const inserted = await store.storeEvents(rows);
    await store.addRisks(storedBursts);
    const risky = fresh.flatMap((e, i) =>
      rows[i].event.risks.length
        ? [
            {
              event: rows[i].event,
              resourceKeys: rows[i].resourceKeys,
              accessKeyId: e.record.userIdentity?.accessKeyId,
              userName: e.record.userIdentity?.userName,
            },
          ]
        : [],
    );
    if (risky.length) this.deps.onRiskyEventsStored?.(risky);
    return inserted;
  }
}
