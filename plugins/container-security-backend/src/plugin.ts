import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { containerSecurityPermissions } from '@containersec/plugin-container-security-common';
import {
  containerSecurityWorkloadSourcesExtensionPoint,
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

/**
 * The container-security backend plugin, served under `/api/container-security`.
 *
 * @public
 */
export const containerSecurityPlugin = createBackendPlugin({
  pluginId: 'container-security',
  register(env) {
    const addedSources: WorkloadSource[] = [];
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
      },
      async init(deps) {
        const config = readContainerSecurityConfig(deps.config);
        const store = DatabaseWorkloadStore.create(
          await openDatabase(deps.database),
        );
        const sources = [
          ...config.manifestSources.map(entry =>
            ManifestWorkloadSource.fromEntry(entry, process.cwd()),
          ),
          ...addedSources,
        ];
        const sync = new WorkloadSyncService({
          sources,
          store,
          logger: deps.logger,
          scheduler: deps.scheduler,
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
        });
        router.use(createErrorHandler(deps.logger));
        deps.httpRouter.use(router);
      },
    });
  },
});
