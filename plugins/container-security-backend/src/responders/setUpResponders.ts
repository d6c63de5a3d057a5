import {
  AuditorService,
  AuthService,
  HttpAuthService,
  LifecycleService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { TalonRulesFile } from '@containersec/plugin-container-security-node';
import express from 'express';
import { Knex } from 'knex';
import { StoredRiskyAuditEvent } from '../audit/AuditIngester';
import { AwsCredentials } from '../aws/credentials';
import { AttributedAlert } from '../falco/attribution/FalcoAttributionService';
import { FalcoAlertStore } from '../falco/FalcoAlertStore';
import { isTrustedIngestSource, readFalcoIngestConfig } from '../falco/ingest';
import { EntityWorkloadService } from '../workloads/EntityWorkloadService';
import { auditEventEntities } from './auditEventEntities';
import { readRespondersConfig } from './config';
import { DatabaseResponderActionStore } from './DatabaseResponderActionStore';
import {
  LambdaResponderInvoker,
  ResponderInvoker,
} from './LambdaResponderInvoker';
import { loadResponderRules } from './loadResponderRules';
import { ResponderService } from './ResponderService';
import { createRespondersRouter } from './router';
import { auditEventTrigger, falcoAlertTrigger } from './triggers';

/** The scheduler task that expires pending approvals and prunes old actions. */
export const RESPONDER_EXPIRY_TASK_ID = 'container-security-responders-expiry';

/**
 * Wires responders: config (start-up fails on any problem), rules compiled once, the
 * store, the Lambda invoker, the service, its expiry task and the router. Resolves with
 * the router and the listeners to hand to the Falco and audit ingest; with no
 * `containerSecurity.responders` the routes answer `enabled: false` and the listeners
 * do nothing.
 */
export async function setUpResponders(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  auth: AuthService;
  notifications?: NotificationService;
  signals?: SignalsService;
  /** Writes the suppressions counted in memory on shutdown. */
  lifecycle?: LifecycleService;
  db: Knex;
  alerts: FalcoAlertStore;
  entityWorkloads: EntityWorkloadService;
  /** Rules files added through the extension point. */
  addedRulesFiles?: TalonRulesFile[];
  /** Replaces the Lambda invoker (extension point, tests). */
  invoker?: ResponderInvoker;
}): Promise<{
  router: express.Router;
  service?: ResponderService;
  onAlertsAttributed(attributed: AttributedAlert[]): void;
  onRiskyEventsStored(events: StoredRiskyAuditEvent[]): void;
}> {
  const logger = deps.logger.child({ component: 'responders' });
  const config = readRespondersConfig(deps.config, process.cwd());
  if (!config) {
    return {
      router: createRespondersRouter(deps),
      onAlertsAttributed: () => {},
      onRiskyEventsStored: () => {},
    };
  }
  const rules = loadResponderRules(config, deps.addedRulesFiles);
  for (const rule of Object.keys(config.ruleModes)) {
    if (!rules.rules.some(r => r.name === rule)) {
      logger.warn('ruleModes names a rule that no rules file defines', {
        rule,
      });
    }
  }
  const ingestConfig = readFalcoIngestConfig(deps.config, process.cwd());
  const trusted = (ingestSource?: string) =>
    !!ingestSource && isTrustedIngestSource(ingestSource, ingestConfig);
  const invoker =
    deps.invoker ??
    (await LambdaResponderInvoker.create({
      config: config.lambda,
      allowList: config.functions.map(f => f.name),
      credentials: AwsCredentials.fromConfig(deps.config),
      logger,
    }));
  const service = new ResponderService({
    config,
    rules,
    store: DatabaseResponderActionStore.create(deps.db),
    invoker,
    auditor: deps.auditor,
    catalog: deps.catalog,
    auth: deps.auth,
    logger,
    notifications: deps.notifications,
    signals: deps.signals,
    getAlertTrigger: async id => {
      const alert = await deps.alerts.getAlert(id);
      return alert
        ? falcoAlertTrigger(
            alert,
            { entityRef: alert.entityRef, workload: alert.workload },
            trusted(alert.ingestSource),
          )
        : undefined;
    },
  });
  deps.lifecycle?.addShutdownHook(() => service.idle());
  await deps.scheduler.scheduleTask({
    id: RESPONDER_EXPIRY_TASK_ID,
    scope: 'global',
    frequency: { minutes: 1 },
    timeout: { minutes: 2 },
    fn: async () => {
      await service.expireAndPrune();
    },
  });
  logger.info('responders ready', {
    rules: rules.rules.length,
    functions: config.functions.length,
    killSwitch: config.killSwitch,
  });

  return {
    router: createRespondersRouter({ ...deps, responders: service }),
    service,
    onAlertsAttributed: attributed => {
      service.submit(
        attributed
          .filter(a => a.entityRef)
          .map(a =>
            falcoAlertTrigger(a.alert, a, trusted(a.alert.ingestSource)),
          ),
      );
    },
    onRiskyEventsStored: stored => {
      // The catalog lookup for owners is only paid when some rule matches an event.
      const events = stored.filter(e =>
        service.matchesAnyRule(auditEventTrigger(e, undefined)),
      );
      if (!events.length) return;
      auditEventEntities(events, deps)
        .then(owners =>
          service.submit(
            events.map(e => auditEventTrigger(e, owners.get(e.event.eventId))),
          ),
        )
        .catch(e =>
          logger.error('could not evaluate responders on audit events', {
            error: String(e),
          }),
        );
    },
  };
}
