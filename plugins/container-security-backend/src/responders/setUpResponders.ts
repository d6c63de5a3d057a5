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
import express from 'express';
import { Knex } from 'knex';
import { StoredRiskyAuditEvent } from '../audit';
import { AwsCredentials } from '../aws/credentials';
import {
  AttributedAlert,
  FalcoFeature,
  isTrustedIngestSource,
  readFalcoIngestConfig,
} from '../falco';
import { AddedExtensions } from '../registerExtensionPoints';
import { WorkloadsFeature } from '../workloads';
import { auditEventEntities } from './auditEventEntities';
import { readRespondersConfig } from './config';
import { DatabaseResponderActionStore } from './DatabaseResponderActionStore';
import { LambdaResponderInvoker } from './LambdaResponderInvoker';
import { loadResponderRules } from './loadResponderRules';
import { ResponderService } from './ResponderService';
import { createRespondersRouter } from './router';
import { auditEventTrigger, falcoAlertTrigger } from './triggers';

/** The scheduler task that expires pending approvals and prunes old actions. */
export const RESPONDER_EXPIRY_TASK_ID = 'container-security-responders-expiry';

/**
 * Wires responders: config (start-up fails on any problem), rules compiled once, the
 * store, the Lambda invoker, the service, its expiry task and the router; it listens to
 * attributed Falco alerts itself and resolves with the router and the listener to hand
 * to the audit ingest. With no `containerSecurity.responders` the routes answer
 * `enabled: false` and nothing listens.
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
  /** Alerts are fetched for approvals and attributed alerts trigger rules. */
  falco: Pick<FalcoFeature, 'alerts' | 'onAlertsAttributed'>;
  workloads: Pick<WorkloadsFeature, 'entityWorkloads'>;
  /** Rules files, and an invoker to replace Lambda's, from the extension point. */
  added: Pick<AddedExtensions, 'responderRules' | 'responderInvoker'>;
}): Promise<{
  router: express.Router;
  service?: ResponderService;
  /** Hand to the audit ingest: newly stored risky events. */
  onRiskyEventsStored(events: StoredRiskyAuditEvent[]): void;
}> {
  const logger = deps.logger.child({ component: 'responders' });
  const { entityWorkloads } = deps.workloads;
  const config = readRespondersConfig(deps.config, process.cwd());
  if (!config) {
    return {
      router: createRespondersRouter({ ...deps, entityWorkloads }),
      onRiskyEventsStored: () => {},
    };
  }
  const rules = loadResponderRules(config, deps.added.responderRules);
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
    deps.added.responderInvoker ??
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
      const alert = await deps.falco.alerts.getAlert(id);
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
  deps.falco.onAlertsAttributed((attributed: AttributedAlert[]) => {
    service.submit(
      attributed
        .filter(a => a.entityRef)
        .map(a => falcoAlertTrigger(a.alert, a, trusted(a.alert.ingestSource))),
    );
  });
  logger.info('responders ready', {
    rules: rules.rules.length,
    functions: config.functions.length,
    killSwitch: config.killSwitch,
  });

  return {
    router: createRespondersRouter({
      ...deps,
      entityWorkloads,
      responders: service,
    }),
    service,
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
