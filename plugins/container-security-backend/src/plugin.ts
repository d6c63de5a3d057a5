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
  WorkloadSource,
} from '@containersec/plugin-container-security-node';
import { readContainerSecurityConfig } from './config';
import { DatabaseWorkloadStore } from './database/DatabaseWorkloadStore';
import { openDatabase } from './database/migrations';
import { createErrorHandler } from './errorHandler';
import { createRouter } from './router';
import { EntityWorkloadService } from './services/EntityWorkloadService';
import { WorkloadSyncService } from './services/WorkloadSyncService';
import { ManifestWorkloadSource } from './sources/ManifestWorkloadSource';
import { KubernetesWorkloadSource } from './sources/kubernetes';
import { DatabasePostureStore } from './database/DatabasePostureStore';
import { PostureService } from './services/PostureService';
import { VulnerabilityService } from './services/VulnerabilityService';
import { VulnerabilityStore } from './database/VulnerabilityStore';
import { builtInVulnerabilitySources } from './vulnerabilities/builtInVulnerabilitySources';
import { PostSyncTasks } from './services/PostSyncTasks';
import { readScorecardConfig } from './scorecards/config';
import { ScorecardService } from './scorecards/ScorecardService';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

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
        const sources = [
          ...config.manifestSources.map(entry =>
            ManifestWorkloadSource.fromEntry(entry, process.cwd()),
          ),
          // Live clusters, only when the Kubernetes plugin's config lists some.
          ...(KubernetesWorkloadSource.hasConfiguredClusters(deps.config)
            ? [
                KubernetesWorkloadSource.fromConfig(deps.config, {
                  logger: deps.logger,
                }),
              ]
            : []),
          ...addedSources,
        ];
        const sync = new WorkloadSyncService({
          sources,
          store,
          logger: deps.logger,
          scheduler: deps.scheduler,
          posture,
          afterSync: () => postSync.run(),
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
        router.use(createErrorHandler(deps.logger));
        deps.httpRouter.use(router);
      },
    });
  },
});
