import { useSignal } from '@backstage/plugin-signals-react';
import {
  WORKLOAD_SYNC_SIGNAL_CHANNEL,
  WorkloadSyncSignalMessage,
} from '@containersec/plugin-container-security-common';

/**
 * The last "workload sync finished" signal (undefined until one arrives), and whether
 * the app has signals at all: without them a page cannot know when a rescan is done.
 */
export function useWorkloadSyncSignal(): {
  lastSync?: WorkloadSyncSignalMessage;
  isSignalsAvailable: boolean;
} {
  const { lastSignal, isSignalsAvailable } =
    useSignal<WorkloadSyncSignalMessage>(WORKLOAD_SYNC_SIGNAL_CHANNEL);
  return {
    lastSync: lastSignal?.type === 'workload-sync' ? lastSignal : undefined,
    isSignalsAvailable,
  };
}
