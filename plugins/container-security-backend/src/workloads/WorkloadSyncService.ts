import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  ClusterReadResult,
  WorkloadSource,
} from '@containersec/plugin-container-security-node';
import { WorkloadStore } from './WorkloadStore';

export const WORKLOAD_SYNC_TASK_ID = 'container-security-workload-sync';

/** Stores what one part of the plugin needs from a source's read (posture, network objects). */
export interface ScanRecorder {
  recordScan(source: string, results: ClusterReadResult[]): Promise<void>;
}

/**
 * Copies what every workload source reports into the store, on a global schedule.
 * Features add what they record of each read and what they do once every source has synced.
 */
export class WorkloadSyncService {
  private readonly recorders: ScanRecorder[] = [];
  private readonly afterSyncHooks: Array<() => Promise<void>> = [];

  constructor(
    private readonly options: {
      sources: WorkloadSource[];
      store: WorkloadStore;
      logger: LoggerService;
      scheduler: SchedulerService;
    },
  ) {}

  /** Runs after the store has a source's read, in the order added. */
  addScanRecorder(recorder: ScanRecorder) {
    this.recorders.push(recorder);
  }

  /** Runs once every source has synced, in the order added; one failing does not stop the next. */
  addAfterSync(hook: () => Promise<void>) {
    this.afterSyncHooks.push(hook);
  }

  async start(schedule: SchedulerServiceTaskScheduleDefinition) {
    await this.options.scheduler.scheduleTask({
      id: WORKLOAD_SYNC_TASK_ID,
      ...schedule,
      // One replica syncs at a time; the others read what it stored.
      scope: 'global',
      fn: () => this.syncAll(),
    });
  }

  /** Asks the scheduler to run the sync soon, on whichever replica holds the task. */
  async trigger() {
    await this.options.scheduler.triggerTask(WORKLOAD_SYNC_TASK_ID);
  }

  async syncAll(): Promise<void> {
    const { sources, store, logger } = this.options;
    for (const source of sources) {
      const startedAt = new Date();
      try {
        const results = await source.readWorkloads();
        await store.recordSync(source.id, results, startedAt);
        for (const recorder of this.recorders) {
          await recorder.recordScan(source.id, results);
        }
        for (const r of results.filter(x => !x.ok)) {
          logger.warn('workload source could not read a cluster', {
            source: source.id,
            cluster: r.cluster,
            reason: r.message,
          });
        }
        logger.info('synced workloads', {
          source: source.id,
          clusters: results.length,
          workloads: results.reduce((n, r) => n + r.workloads.length, 0),
        });
      } catch (e) {
        // A source that fails as a whole keeps its last known workloads.
        logger.error('workload source failed', {
          source: source.id,
          reason: isError(e) ? e.message : String(e),
        });
      }
    }
    for (const hook of this.afterSyncHooks) {
      try {
        await hook();
      } catch (e) {
        logger.error('post-sync step failed', {
          reason: isError(e) ? e.message : String(e),
        });
      }
    }
  }
}
