import { SignalsService } from '@backstage/plugin-signals-node';
import {
  WORKLOAD_SYNC_SIGNAL_CHANNEL,
  WorkloadSyncSignalMessage,
} from '@containersec/plugin-container-security-common';

/**
 * Tells open pages that a workload sync finished, so a page that asked for a rescan
 * reloads. Broadcast: it names no entity and carries no data, only when; pages refetch
 * through the permission-checked routes. Added as the last after-sync step so the posture
 * snapshots and re-attributions of the sync are stored before pages reload.
 */
export async function publishWorkloadSynced(
  signals: Pick<SignalsService, 'publish'>,
  now: Date,
): Promise<void> {
  const message: WorkloadSyncSignalMessage = {
    type: 'workload-sync',
    finishedAt: now.toISOString(),
  };
  await signals.publish({
    recipients: { type: 'broadcast' },
    channel: WORKLOAD_SYNC_SIGNAL_CHANNEL,
    message,
  });
}
