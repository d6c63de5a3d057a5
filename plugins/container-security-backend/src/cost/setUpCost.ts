import {
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
import { WorkloadsFeature } from '../workloads';
import { readCostConfig } from './config';
import { CostService } from './CostService';
import { DatabaseCostStore } from './DatabaseCostStore';
import { builtInMetricsSources } from './metricsSources/builtInMetricsSources';
import { createCostRouter } from './router';

/** Wires cost hints: metrics sources (built-in and added) on a schedule, store, routes. */
export async function setUpCost(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  db: Knex;
  workloads: WorkloadsFeature;
  added: Pick<AddedExtensions, 'metricsSources'>;
}): Promise<express.Router> {
  const config = readCostConfig(deps.config);
  const cost = new CostService({
    sources: [
      ...builtInMetricsSources(config, {
        rootConfig: deps.config,
        logger: deps.logger,
        cwd: process.cwd(),
      }),
      ...deps.added.metricsSources,
    ],
    store: DatabaseCostStore.create(deps.db),
    workloads: deps.workloads.store,
    config,
    logger: deps.logger,
  });
  await cost.start(deps.scheduler);
  return createCostRouter({
    ...deps,
    entityWorkloads: deps.workloads.entityWorkloads,
    cost,
  });
}
