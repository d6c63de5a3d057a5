import {
  AuthService,
  DiscoveryService,
  HttpAuthService,
  HttpRouterService,
  LifecycleService,
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
import { createErrorHandler } from '../http/errorHandler';
import { WorkloadsFeature } from '../workloads';
import { FalcoAlertStore } from './FalcoAlertStore';
import { createFalcoIngest } from './ingest/createFalcoIngest';
import { readFalcoNotificationConfig } from './notifications/config';
import { DatabaseNotificationWindowStore } from './notifications/DatabaseNotificationWindowStore';
import { FalcoAlertNotifier } from './notifications/FalcoAlertNotifier';
import { readFalcoReplayConfig } from './replay/config';
import { FalcoDemoReplayer } from './replay/FalcoDemoReplayer';
import { createFalcoRouter } from './router';
import { AlertSignalPublisher } from './signals/AlertSignalPublisher';
import { AlertPostProcessor } from './attribution/AlertPostProcessor';
import {
  AttributedAlert,
  FalcoAttributionService,
} from './attribution/FalcoAttributionService';

/** Unattributed alerts younger than this are retried when workloads change. */
const REATTRIBUTE_LOOKBACK_MS = 7 * 86_400_000;

/** What the Falco area hands the other features. */
export interface FalcoFeature {
  /** The webhook, then the read and triage routes. */
  router: express.Router;
  alerts: FalcoAlertStore;
  /** Alerts just stored and attributed (or recently re-attributed), for responders. */
  onAlertsAttributed(listener: (attributed: AttributedAlert[]) => void): void;
}

/**
 * Wires Falco: the ingest (store, spool, webhook, NATS, retention), then everything people
 * see of alerts: attribution of stored alerts (now and again after each workload sync and
 * every five minutes), live signals, notifications with their digest task, the read and
 * triage routes, and the demo replay.
 */
export async function setUpFalco(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpRouter: HttpRouterService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  lifecycle: LifecycleService;
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  signals: SignalsService;
  notifications: NotificationService;
  db: Knex;
  workloads: WorkloadsFeature;
}): Promise<FalcoFeature> {
  const falco = await createFalcoIngest(deps);
  const alerts = falco.store;
  const logger = deps.logger.child({ component: 'falco-alerts' });
  const attribution = new FalcoAttributionService({
    alerts,
    workloads: deps.workloads.store,
    catalog: deps.catalog,
    auth: deps.auth,
    logger,
  });
  const signals = new AlertSignalPublisher({ signals: deps.signals, logger });
  const notifier = new FalcoAlertNotifier({
    config: readFalcoNotificationConfig(deps.config),
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
  falco.ingest.onAlertsStored(stored => post.onAlertsStored(stored));

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

  const replay = readFalcoReplayConfig(deps.config, process.cwd());
  if (replay) {
    await new FalcoDemoReplayer({
      config: replay,
      rootConfig: deps.config,
      discovery: deps.discovery,
      auth: deps.auth,
      logger,
    }).start(deps.scheduler);
  }

  deps.workloads.sync.addAfterSync(async () => {
    const attributed = await attribution.reattribute(sinceMs());
    if (attributed.length) await post.onReattributed(attributed);
  });

  const router = express.Router();
  router.use(falco.router);
  router.use(
    createFalcoRouter({
      httpAuth: deps.httpAuth,
      permissions: deps.permissions,
      alerts,
      entityWorkloads: deps.workloads.entityWorkloads,
      onStatusChanged: change => signals.publish([change]),
    }),
  );
  router.use(createErrorHandler(logger));

  return {
    router,
    alerts,
    onAlertsAttributed: listener => post.onAlertsAttributed(listener),
  };
}
