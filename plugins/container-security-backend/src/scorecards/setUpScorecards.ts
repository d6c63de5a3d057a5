import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import { PostureStore } from '../posture';
import { WorkloadsFeature } from '../workloads';
import { readScorecardConfig } from './config';
import { createScorecardsRouter } from './router';
import { ScorecardService } from './ScorecardService';
import {
  readSnapshotRetentionConfig,
  scheduleSnapshotRetention,
} from './snapshotRetention';

/** Wires scorecards over the posture snapshots: their retention task and the routes. */
export async function setUpScorecards(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  workloads: WorkloadsFeature;
  postureStore: PostureStore;
  catalog: CatalogService;
}): Promise<express.Router> {
  // Old posture snapshots are thinned to one per entity and day, then deleted.
  await scheduleSnapshotRetention({
    scheduler: deps.scheduler,
    store: deps.postureStore,
    logger: deps.logger,
    config: readSnapshotRetentionConfig(deps.config),
  });
  return createScorecardsRouter({
    ...deps,
    entityWorkloads: deps.workloads.entityWorkloads,
    scorecards: new ScorecardService({
      store: deps.postureStore,
      config: readScorecardConfig(deps.config),
    }),
  });
}
