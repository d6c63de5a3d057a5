import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CostOverviewResponse,
  EntityCostResponse,
} from '@containersec/plugin-container-security-common';
import express from 'express';
import { createApiRouter } from '../schema';
import { noQuery, parse } from '../http/validation';
import { listAnnotatedEntities } from '../workloads';
import { EntityWorkloadService } from '../workloads';
import { CostService } from './CostService';
import { authorizeOverview } from '../http/authorizeOverview';
import { readEntityRequest } from '../http/readEntityRequest';

/**
 * Routes of the cost hints. Both answer from the database: nothing here calls
 * CloudWatch or Prometheus.
 */
export function createCostRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  entityWorkloads: EntityWorkloadService;
  cost: CostService;
}): express.Router {
  const { httpAuth, permissions, catalog, entityWorkloads, cost } = options;
  // Typed from openapi.yaml: a route or an answer the spec does not describe fails tsc.
  const router = createApiRouter();

  router.get('/entities/:namespace/:kind/:name/cost', async (req, res) => {
    const { ref, credentials } = await readEntityRequest(req, httpAuth);
    const { entityRef, workloads } = await entityWorkloads.listEntityWorkloads(
      ref,
      credentials,
    );
    const body: EntityCostResponse = await cost.getEntityCost(
      entityRef,
      workloads,
    );
    res.json(body);
  });

  router.get('/cost/overview', async (req, res) => {
    parse(noQuery, req.query, 'query');
    const credentials = await authorizeOverview({ httpAuth, permissions }, req);
    // The caller's credentials: the overview shows only services they may see.
    const { entities } = await listAnnotatedEntities(catalog, credentials);
    const body: CostOverviewResponse = await cost.getOverview(entities);
    res.json(body);
  });

  return router;
}
