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

/** Copies what every workload source reports into the store, on a global schedule. */
export class WorkloadSyncService {
  constructor(
    private readonly options: {
      sources: WorkloadSource[];
      store: WorkloadStore;
      logger: LoggerService;
      scheduler: SchedulerService;
      /** Runs the posture engine over what each source read. */
      posture?: {
        recordScan(source: string, results: ClusterReadResult[]): Promise<void>;
      };
      /** Stores what the network-policy engine needs from each source's read. */
      network?: {
        recordScan(source: string, results: ClusterReadResult[]): Promise<void>;
      };
      /** Called once every source has been synced (snapshots are taken here). */
      afterSync?: () => Promise<void>;
    },
  ) {}

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
        await this.options.posture?.recordScan(source.id, results);
        await this.options.network?.recordScan(source.id, results);
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
    try {
      await this.options.afterSync?.();
    } catch (e) {
      logger.error('post-sync step failed', {
        reason: isError(e) ? e.message : String(e),
      });
    }
  }
}
