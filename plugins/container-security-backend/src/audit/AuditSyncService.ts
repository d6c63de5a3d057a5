import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  AuditEventSink,
  AuditEventSource,
} from '@containersec/plugin-container-security-node';
import { AuditIngester } from './AuditIngester';
import { AuditStore } from './AuditStore';

/** The scheduler task id of the audit sync. */
export const AUDIT_SYNC_TASK_ID = 'container-security-audit-sync';

/** Runs every audit source on one global schedule, each writing through its own sink. */
export class AuditSyncService {
  constructor(
    private readonly deps: {
      sources: AuditEventSource[];
      store: AuditStore;
      ingester: AuditIngester;
      logger: LoggerService;
      scheduler?: SchedulerService;
    },
  ) {}

  async start(schedule: SchedulerServiceTaskScheduleDefinition) {
    if (!this.deps.sources.length || !this.deps.scheduler) return;
    await this.deps.scheduler.scheduleTask({
      id: AUDIT_SYNC_TASK_ID,
      ...schedule,
      // One replica syncs at a time: checkpoints and the shared request budget stay consistent.
      scope: 'global',
      fn: () => this.syncAll(),
    });
  }

  /** The sink one source writes through. */
  sinkFor(sourceId: string): AuditEventSink {
    const { store, ingester, logger } = this.deps;
    return {
      getCheckpoint: (accountId, region) =>
        store.getCheckpoint(sourceId, accountId, region),
      store: async records => {
        await ingester.ingest(records, sourceId);
      },
      setCheckpoint: (accountId, region, checkpoint, syncedUntil) =>
        store.setCheckpoint(
          sourceId,
          accountId,
          region,
          checkpoint,
          syncedUntil,
        ),
      reportStatus: async status => {
        if (status.status !== 'ok') {
          logger.warn('audit source problem', {
            source: sourceId,
            accountId: status.accountId,
            region: status.region,
            status: status.status,
            reason: status.message,
          });
        }
        await store.setStatus({ ...status, source: sourceId }, new Date());
      },
    };
  }

  async syncAll(): Promise<void> {
    // Sources are independent; one failing does not stop the others.
    await Promise.all(
      this.deps.sources.map(async source => {
        const started = Date.now();
        try {
          await source.sync(this.sinkFor(source.id));
          this.deps.logger.info('audit source synced', {
            source: source.id,
            durationMs: Date.now() - started,
          });
        } catch (e) {
          this.deps.logger.error('audit source failed', {
            source: source.id,
            reason: isError(e) ? e.message : String(e),
          });
        }
      }),
    );
  }
}
