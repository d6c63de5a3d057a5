import {
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import { Knex } from 'knex';
import { AddedExtensions } from '../registerExtensionPoints';
import { readContainerSecurityConfig } from './config';
import { DatabaseWorkloadStore } from './DatabaseWorkloadStore';
import { EntityWorkloadService } from './EntityWorkloadService';
import { KubernetesWorkloadSource } from './kubernetes';
import { ManifestWorkloadSource } from './ManifestWorkloadSource';
import { createWorkloadsRouter } from './router';
import { WorkloadStore } from './WorkloadStore';
import { WorkloadSyncService } from './WorkloadSyncService';

/** What the workloads area hands the other features. */
export interface WorkloadsFeature {
  store: WorkloadStore;
  /** The one entity-to-workloads resolver (permission check included) every router uses. */
  entityWorkloads: EntityWorkloadService;
  sync: WorkloadSyncService;
  router: express.Router;
  /** Schedules the sync; call once the features have added their recorders and hooks. */
  startSync(): Promise<void>;
}

/** Wires the workloads area: sources (manifests, live clusters, added), store, sync, router. */
export function setUpWorkloads(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  db: Knex;
  added: Pick<AddedExtensions, 'workloadSources'>;
}): WorkloadsFeature {
  const config = readContainerSecurityConfig(deps.config);
  const store = DatabaseWorkloadStore.create(deps.db);
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
    ...deps.added.workloadSources,
  ];
  const sync = new WorkloadSyncService({
    sources,
    store,
    logger: deps.logger,
    scheduler: deps.scheduler,
  });
  const entityWorkloads = new EntityWorkloadService({
    catalog: deps.catalog,
    permissions: deps.permissions,
    store,
  });
  return {
    store,
    entityWorkloads,
    sync,
    router: createWorkloadsRouter({ ...deps, store, entityWorkloads, sync }),
    startSync: () => sync.start(config.syncSchedule),
  };
}
