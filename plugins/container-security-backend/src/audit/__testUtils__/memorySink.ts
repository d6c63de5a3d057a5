import {
  AuditEventSink,
  CloudTrailRecord,
} from '@containersec/plugin-container-security-node';
import { AuditSourceStatus } from '@containersec/plugin-container-security-common';

/** An in-memory sink that records what a source did, in order. */
export function memorySink() {
  const records = new Map<string, CloudTrailRecord>();
  const checkpoints = new Map<string, string>();
  const statuses = new Map<string, Omit<AuditSourceStatus, 'source'>>();
  const log: string[] = [];
  const sink: AuditEventSink = {
    async getCheckpoint(accountId, region) {
      return checkpoints.get(`${accountId}/${region}`);
    },
    async store(batch) {
      log.push(`store ${batch.length}`);
      for (const r of batch) records.set(r.eventID!, r);
    },
    async setCheckpoint(accountId, region, checkpoint) {
      log.push(`checkpoint ${accountId}/${region} ${checkpoint}`);
      checkpoints.set(`${accountId}/${region}`, checkpoint);
    },
    async reportStatus(status) {
      statuses.set(`${status.accountId}/${status.region}`, status);
    },
  };
  return { sink, records, checkpoints, statuses, log };
}
