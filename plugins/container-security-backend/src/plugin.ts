import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { containerSecurityPermissions } from '@containersec/plugin-container-security-common';
import {
  containerSecurityPostureChecksExtensionPoint,
  containerSecurityVulnerabilitySourcesExtensionPoint,
  ImageVulnerabilitySource,
  containerSecurityWorkloadSourcesExtensionPoint,
  PostureCheck,
  readPostureRules,
  sharedPostureChecksServiceRef,
  WorkloadSource,
} from '@containersec/plugin-container-security-node';
import { readContainerSecurityConfig } from './workloads/config';
import { DatabaseWorkloadStore } from './workloads/DatabaseWorkloadStore';
import { openDatabase } from './migrations/openDatabase';
import { createErrorHandler } from './http/errorHandler';
import { createRouter } from './router';
import { createFalcoIngest } from './falco/ingest/createFalcoIngest';
import { setUpFalcoAlerts } from './falco/attribution/setUpFalcoAlerts';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { EntityWorkloadService } from './workloads/EntityWorkloadService';
import { WorkloadSyncService } from './workloads/WorkloadSyncService';
import { ManifestWorkloadSource } from './workloads/ManifestWorkloadSource';
import { KubernetesWorkloadSource } from './workloads/kubernetes';
import { DatabasePostureStore } from './posture/DatabasePostureStore';
import { PostureService } from './posture/PostureService';
import { VulnerabilityService } from './vulnerabilities/VulnerabilityService';
import { VulnerabilityStore } from './vulnerabilities/DatabaseVulnerabilityStore';
import { builtInVulnerabilitySources } from './vulnerabilities/builtInVulnerabilitySources';
import { PostSyncTasks } from './posture/PostSyncTasks';
import { readScorecardConfig } from './scorecards/config';
import {
  readSnapshotRetentionConfig,
  scheduleSnapshotRetention,
} from './scorecards/snapshotRetention';
import { ScorecardService } from './scorecards/ScorecardService';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { DatabaseNetworkObjectStore } from './network/DatabaseNetworkObjectStore';
import { NetworkService } from './network/NetworkService';
import { createNetworkRouter } from './network/router';
import {
  containerSecurityMetricsSourcesExtensionPoint,
  WorkloadMetricsSource,
} from '@containersec/plugin-container-security-node';
import { readCostConfig } from './cost/config';
import { CostService } from './cost/CostService';
import { DatabaseCostStore } from './cost/DatabaseCostStore';
import { createCostRouter } from './cost/router';
import { builtInMetricsSources } from './cost/metricsSources/builtInMetricsSources';
import {
  AuditEventSource,
  AuditRule,
  containerSecurityAuditExtensionPoint,
  containerSecurityRespondersExtensionPoint,
  ResponderInvoker,
  TalonRulesFile,
} from '@containersec/plugin-container-security-node';
import { setUpAudit } from './audit/setUpAudit';
import { setUpResponders } from './responders/setUpResponders';
import { SignalCoalescer } from './signals/SignalCoalescer';
import { StoredRiskyAuditEvent } from './audit/AuditIngester';

/**
 * The container-security backend plugin, served under `/api/container-security`.
 *
 * @public
 */
export const containerSecurityPlugin = createBackendPlugin({
  pluginId: 'container-security',
  register(env) {
    const addedSources: WorkloadSource[] = [];
    const addedChecks: PostureCheck[] = [];
    const addedVulnerabilitySources: ImageVulnerabilitySource[] = [];
    const addedAuditSources: AuditEventSource[] = [];
    const addedAuditRules: AuditRule[] = [];
    const addedResponderRules: TalonRulesFile[] = [];
    let responderInvoker: ResponderInvoker | undefined;
    env.registerExtensionPoint(containerSecurityRespondersExtensionPoint, {
      addResponderRules(...files) {
        addedResponderRules.push(...files);
      },
      setResponderInvoker(invoker) {
        if (responderInvoker) {
          throw new Error('The responder invoker was already set');
        }
        responderInvoker = invoker;
      },
    });
    env.registerExtensionPoint(containerSecurityAuditExtensionPoint, {
      addAuditSource(...sources) {
        addedAuditSources.push(...sources);
      },
      addAuditRule(...rules) {
        addedAuditRules.push(...rules);
      },
    });
    env.registerExtensionPoint(
      containerSecurityVulnerabilitySourcesExtensionPoint,
      {
        addVulnerabilitySource(...sources) {
          addedVulnerabilitySources.push(...sources);
        },
      },
    );
    env.registerExtensionPoint(containerSecurityPostureChecksExtensionPoint, {
      addPostureCheck(...checks) {
        addedChecks.push(...checks);
      },
    });
    const addedMetricsSources: WorkloadMetricsSource[] = [];
    env.registerExtensionPoint(containerSecurityMetricsSourcesExtensionPoint, {
      addMetricsSource(...metricsSources) {
        addedMetricsSources.push(...metricsSources);
      },
    });
    env.registerExtensionPoint(containerSecurityWorkloadSourcesExtensionPoint, {
      addWorkloadSource(...sources) {
        addedSources.push(...sources);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        signals: signalsServiceRef,
        notifications: notificationService,
        auditor: coreServices.auditor,
        sharedChecks: sharedPostureChecksServiceRef,
      },
      async init(deps) {
        const config = readContainerSecurityConfig(deps.config);
        const db = await openDatabase(deps.database);
        const store = DatabaseWorkloadStore.create(db);
        const postureStore = DatabasePostureStore.create(db);
        const scorecardConfig = readScorecardConfig(deps.config);
        const snapshotIntervalMs = durationToMilliseconds(
          deps.config.has('containerSecurity.scorecards.snapshotInterval')
            ? readDurationFromConfig(deps.config, {
                key: 'containerSecurity.scorecards.snapshotInterval',
              })
            : { hours: 1 },
        );
        const vulnerabilities = new VulnerabilityService({
          sources: [
            ...builtInVulnerabilitySources(deps.config, process.cwd()),
            ...addedVulnerabilitySources,
          ],
          store: VulnerabilityStore.create(db),
          logger: deps.logger,
        });
        const posture = new PostureService({
          store: postureStore,
          rules: readPostureRules(deps.config),
          logger: deps.logger,
          extraChecks: addedChecks,
        });
        // The scaffolder grades generated services with the same checks.
        deps.sharedChecks.publish(addedChecks);
        const postSync = new PostSyncTasks({
          workloads: store,
          postureStore,
          posture,
          vulnerabilities,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
          snapshotIntervalMs,
        });
        // Old posture snapshots are thinned to one per entity and day, then deleted.
        await scheduleSnapshotRetention({
          scheduler: deps.scheduler,
          store: postureStore,
          logger: deps.logger,
          config: readSnapshotRetentionConfig(deps.config),
        });
        const sources = [
          ...config.manifestSources.map(entry =>
            ManifestWorkloadSource.fromEntry(entry, process.cwd()),
          ),
          // Live clusters, only when the Kubernetes plugin's config lists some.
          ...(KubernetesWorkloadSource.hasConfiguredClusters(deps.config)
            ? [
                KubernetesWorkloadSource.fromConfig(deps.config, {
                  logger: deps.logger,
                  catalog: deps.catalog,
                  auth: deps.auth,
                }),
              ]
            : []),
          ...addedSources,
        ];
        const network = new NetworkService({
          store: DatabaseNetworkObjectStore.create(db),
          logger: deps.logger,
        });
        const afterSyncHooks: Array<() => Promise<void>> = [];
        const sync = new WorkloadSyncService({
          sources,
          store,
          logger: deps.logger,
          scheduler: deps.scheduler,
          posture,
          network,
          afterSync: async () => {
            try {
              await postSync.run();
            } finally {
              // Later parts (Falco re-attribution) follow each sync too.
              for (const hook of afterSyncHooks) await hook();
            }
          },
        });
        await sync.start(config.syncSchedule);

        deps.permissionsRegistry.addPermissions(containerSecurityPermissions);
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        const router = await createRouter({
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          store,
          entityWorkloads: new EntityWorkloadService({
            catalog: deps.catalog,
            permissions: deps.permissions,
            store,
          }),
          sync,
          posture,
          scorecards: new ScorecardService({
            store: postureStore,
            config: scorecardConfig,
          }),
          vulnerabilities,
        });
        const networkRouter = createNetworkRouter({
          httpAuth: deps.httpAuth,
          entityWorkloads: new EntityWorkloadService({
            catalog: deps.catalog,
            permissions: deps.permissions,
            store,
          }),
          store,
          network,
        });
        networkRouter.use(createErrorHandler(deps.logger));
        // Mounted first, on its own: routers with router-wide body parsers of smaller
        // limits would otherwise refuse a what-if body before it gets here.
        deps.httpRouter.use(networkRouter);
        const costConfig = readCostConfig(deps.config);
        const cost = new CostService({
          sources: [
            ...builtInMetricsSources(costConfig, {
              rootConfig: deps.config,
              logger: deps.logger,
              cwd: process.cwd(),
            }),
            ...addedMetricsSources,
          ],
          store: DatabaseCostStore.create(db),
          workloads: store,
          config: costConfig,
          logger: deps.logger,
        });
        await cost.start(deps.scheduler);
        router.use(
          createCostRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            entityWorkloads: new EntityWorkloadService({
              catalog: deps.catalog,
              permissions: deps.permissions,
              store,
            }),
            cost,
          }),
        );
        // Set up after the Falco store exists; audit events reach it through this hook.
        let onRiskyEventsStored: (
          events: StoredRiskyAuditEvent[],
        ) => void = () => {};
        router.use(
          await setUpAudit({
            ...deps,
            db,
            entityWorkloads: new EntityWorkloadService({
              catalog: deps.catalog,
              permissions: deps.permissions,
              store,
            }),
            addedSources: addedAuditSources,
            addedRules: addedAuditRules,
            onRiskyEventsStored: events => onRiskyEventsStored(events),
          }),
        );
        router.use(createErrorHandler(deps.logger));
        // Falco webhook: mounted before `router`, whose JSON parser would round
        // nanosecond timestamps. `falco.ingest.onAlertsStored(...)` feeds attribution.
        const falco = await createFalcoIngest({ ...deps, db });
        deps.httpRouter.use(falco.router);
        // Live-update signals (alerts and responders) coalesced per channel: with the
        // events bus each publish is an authenticated call to the events backend.
        const signals = new SignalCoalescer({
          signals: deps.signals,
          logger: deps.logger,
        });
        deps.lifecycle.addShutdownHook(() => signals.flush());
        const falcoAlerts = await setUpFalcoAlerts({
          ...deps,
          signals,
          rootConfig: deps.config,
          db,
          alerts: falco.store,
          ingest: falco.ingest,
          workloads: store,
          entityWorkloads: new EntityWorkloadService({
            catalog: deps.catalog,
            permissions: deps.permissions,
            store,
          }),
        });
        afterSyncHooks.push(falcoAlerts.afterWorkloadSync);
        deps.httpRouter.use(falcoAlerts.router);
        const responders = await setUpResponders({
          ...deps,
          signals,
          db,
          alerts: falco.store,
          entityWorkloads: new EntityWorkloadService({
            catalog: deps.catalog,
            permissions: deps.permissions,
            store,
          }),
          addedRulesFiles: addedResponderRules,
          invoker: responderInvoker,
        });
        falcoAlerts.onAlertsAttributed(responders.onAlertsAttributed);
        onRiskyEventsStored = responders.onRiskyEventsStored;
        // Its own body parser and error handler, mounted before `router`'s.
        responders.router.use(createErrorHandler(deps.logger));
        deps.httpRouter.use(responders.router);
        deps.httpRouter.use(router);
      },
    });
  },
});
