import {
  AuthService,
  HttpAuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  readPostureRules,
  SharedPostureChecks,
} from '@containersec/plugin-container-security-node';
import express from 'express';
import { Knex } from 'knex';
import { AddedExtensions } from '../registerExtensionPoints';
import { WorkloadsFeature } from '../workloads';
import { DatabasePostureStore } from './DatabasePostureStore';
import { PostureService } from './PostureService';
import { PostureSnapshotTask } from './PostureSnapshotTask';
import { PostureStore } from './PostureStore';
import { createPostureRouter } from './router';

const SNAPSHOT_INTERVAL_KEY = 'containerSecurity.scorecards.snapshotInterval';

/**
 * Wires posture: the engine over each source's read (built-in, added and custom checks),
 * its store, a snapshot of every annotated entity after syncs, and the entity route.
 */
export function setUpPosture(deps: {
  config: RootConfigService;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  auth: AuthService;
  sharedChecks: SharedPostureChecks;
  db: Knex;
  workloads: WorkloadsFeature;
  added: Pick<AddedExtensions, 'postureChecks'>;
}): { store: PostureStore; router: express.Router } {
  const store = DatabasePostureStore.create(deps.db);
  const posture = new PostureService({
    store,
    rules: readPostureRules(deps.config),
    logger: deps.logger,
    extraChecks: deps.added.postureChecks,
  });
  // The scaffolder grades generated services with the same checks.
  deps.sharedChecks.publish(deps.added.postureChecks);
  const snapshots = new PostureSnapshotTask({
    postureStore: store,
    posture,
    catalog: deps.catalog,
    auth: deps.auth,
    logger: deps.logger,
    snapshotIntervalMs: durationToMilliseconds(
      deps.config.has(SNAPSHOT_INTERVAL_KEY)
        ? readDurationFromConfig(deps.config, { key: SNAPSHOT_INTERVAL_KEY })
        : { hours: 1 },
    ),
  });
  const { sync, entityWorkloads } = deps.workloads;
  sync.addScanRecorder(posture);
  sync.addAfterSync(() => snapshots.run());
  return {
    store,
    router: createPostureRouter({
      httpAuth: deps.httpAuth,
      entityWorkloads,
      workloads: deps.workloads.store,
      posture,
    }),
  };
}
