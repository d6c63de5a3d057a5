import {
  AuthService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import express from 'express';
import { Knex } from 'knex';
import { WorkloadStore } from '../../workloads/WorkloadStore';
import { createErrorHandler } from '../../http/errorHandler';
import { EntityWorkloadService } from '../../workloads/EntityWorkloadService';
import { FalcoAlertStore, NewFalcoAlert } from '../FalcoAlertStore';
import { readFalcoNotificationConfig } from '../notifications/config';
import { DatabaseNotificationWindowStore } from '../notifications/DatabaseNotificationWindowStore';
import { FalcoAlertNotifier } from '../notifications/FalcoAlertNotifier';
import { readFalcoReplayConfig } from '../replay/config';
import { FalcoDemoReplayer } from '../replay/FalcoDemoReplayer';
import { createFalcoRouter } from '../router';
import { AlertSignalPublisher } from '../signals/AlertSignalPublisher';
import { AlertPostProcessor } from './AlertPostProcessor';
import {
  AttributedAlert,
  FalcoAttributionService,
} from './FalcoAttributionService';

/** Unattributed alerts younger than this are retried when workloads change. */
const REATTRIBUTE_LOOKBACK_MS = 7 * 86_400_000;

/**
 * Everything people see of Falco alerts, on top of the ingest: attribution of stored
 * alerts (now and again after each workload sync and every five minutes), live signals,
 * notifications with their digest task, the read and triage routes, and the demo replay.
 * Resolves with the router to mount and the hook to run after each workload sync.
 */
export async function setUpFalcoAlerts(deps: {
  rootConfig: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  signals: SignalsService;
  notifications: NotificationService;
  db: Knex;
  alerts: FalcoAlertStore;
  ingest: {
    onAlertsStored(listener: (alerts: NewFalcoAlert[]) => Promise<void>): void;
  };
  workloads: WorkloadStore;
  entityWorkloads: EntityWorkloadService;
}): Promise<{
  router: express.Router;
  afterWorkloadSync: () => Promise<void>;
  /** Alerts just stored and attributed (or recently re-attributed), for responders. */
  onAlertsAttributed(listener: (attributed: AttributedAlert[]) => void): void;
}> {
  const logger = deps.logger.child({ component: 'falco-alerts' });
  const attribution = new FalcoAttributionService({
    alerts: deps.alerts,
    workloads: deps.workloads,
    catalog: deps.catalog,
    auth: deps.auth,
    logger,
  });
  const signals = new AlertSignalPublisher({ signals: deps.signals, logger });
  const notifier = new FalcoAlertNotifier({
    config: readFalcoNotificationConfig(deps.rootConfig),
    windows: DatabaseNotificationWindowStore.create(deps.db),
    notifications: deps.notifications,
    catalog: deps.catalog,
    auth: deps.auth,
    logger,
  });
  const post = new AlertPostProcessor({
    attribution,
    signals,
    notifier,
    logger,
  });
  deps.ingest.onAlertsStored(alerts => post.onAlertsStored(alerts));

  const sinceMs = () => Date.now() - REATTRIBUTE_LOOKBACK_MS;
  await attribution.schedule(
    deps.scheduler,
    {
      frequency: { minutes: 5 },
      timeout: { minutes: 5 },
      initialDelay: { minutes: 1 },
    },
    sinceMs,
    attributed => post.onReattributed(attributed),
  );
  await deps.scheduler.scheduleTask({
    id: 'container-security-falco-notification-digests',
    scope: 'global',
    frequency: { minutes: 1 },
    timeout: { minutes: 2 },
    fn: async () => {
      await notifier.sendDueDigests();
    },
  });

  const replay = readFalcoReplayConfig(deps.rootConfig, process.cwd());
  if (replay) {
    await new FalcoDemoReplayer({
      config: replay,
      rootConfig: deps.rootConfig,
      discovery: deps.discovery,
      auth: deps.auth,
      logger,
    }).start(deps.scheduler);
  }

  const router = express.Router();
  router.use(
    createFalcoRouter({
      httpAuth: deps.httpAuth,
      permissions: deps.permissions,
      alerts: deps.alerts,
      entityWorkloads: deps.entityWorkloads,
      onStatusChanged: change => signals.publish([change]),
    }),
  );
  router.use(createErrorHandler(logger));

  return {
    router,
    onAlertsAttributed: listener => post.onAlertsAttributed(listener),
    afterWorkloadSync: async () => {
      const attributed = await attribution.reattribute(sinceMs());
      if (attributed.length) await post.onReattributed(attributed);
    },
  };
}
