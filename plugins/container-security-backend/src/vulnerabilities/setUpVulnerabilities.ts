import {
  HttpAuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { Knex } from 'knex';
import { AddedExtensions } from '../registerExtensionPoints';
import { WorkloadsFeature } from '../workloads';
import { builtInVulnerabilitySources } from './builtInVulnerabilitySources';
import { DatabaseVulnerabilityStore } from './DatabaseVulnerabilityStore';
import { createVulnerabilitiesRouter } from './router';
import { VulnerabilityService } from './VulnerabilityService';

/**
 * Wires image vulnerabilities: sources (built-in and added), store, service, router, and
 * a refresh of the reports for every image in use after each workload sync.
 */
export function setUpVulnerabilities(deps: {
  config: RootConfigService;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  workloads: WorkloadsFeature;
  db: Knex;
  added: Pick<AddedExtensions, 'vulnerabilitySources'>;
}): { service: VulnerabilityService; router: express.Router } {
  const service = new VulnerabilityService({
    sources: [
      ...builtInVulnerabilitySources(deps.config, process.cwd()),
      ...deps.added.vulnerabilitySources,
    ],
    store: DatabaseVulnerabilityStore.create(deps.db),
    logger: deps.logger,
  });
  const { store, sync, entityWorkloads } = deps.workloads;
  sync.addAfterSync(async () => {
    const { items } = await store.listWorkloads({});
    await service.refresh(
      items.flatMap(w => w.containers.map(c => c.image)),
      new Date(),
    );
  });
  return {
    service,
    router: createVulnerabilitiesRouter({
      httpAuth: deps.httpAuth,
      entityWorkloads,
      vulnerabilities: service,
    }),
  };
}
