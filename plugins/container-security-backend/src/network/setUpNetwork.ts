import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import { Knex } from 'knex';
import { WorkloadsFeature } from '../workloads';
import { DatabaseNetworkObjectStore } from './DatabaseNetworkObjectStore';
import { NetworkService } from './NetworkService';
import { createNetworkRouter } from './router';

/** Wires the network section: what each source read is kept for the engine, and the routes. */
export function setUpNetwork(deps: {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  db: Knex;
  workloads: WorkloadsFeature;
}): express.Router {
  const network = new NetworkService({
    store: DatabaseNetworkObjectStore.create(deps.db),
    logger: deps.logger,
  });
  deps.workloads.sync.addScanRecorder(network);
  return createNetworkRouter({
    httpAuth: deps.httpAuth,
    entityWorkloads: deps.workloads.entityWorkloads,
    store: deps.workloads.store,
    network,
  });
}
