import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  containerSecurityEntityActPermission,
  RefreshResponse,
  WorkloadListResponse,
} from '@containersec/plugin-container-security-common';
import express from 'express';
import { createApiRouter } from '../schema';
import { z } from 'zod';
import { authorizeOverview } from '../http/authorizeOverview';
import { readEntityRequest } from '../http/readEntityRequest';
import { decimalInt, parse, refPart } from '../http/validation';
import { EntityWorkloadService } from './EntityWorkloadService';
import { WorkloadStore } from './WorkloadStore';
import { WorkloadSyncService } from './WorkloadSyncService';

const workloadListQuery = z
  .object({
    namespace: refPart.optional(),
    kind: refPart.optional(),
    limit: decimalInt(1, 1000).default('100'),
    offset: decimalInt(0, 1_000_000_000).default('0'),
  })
  .strict();

/** Routes of the workload inventory: an entity's workloads, the org-wide list, a refresh. */
export function createWorkloadsRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: WorkloadStore;
  entityWorkloads: EntityWorkloadService;
  sync: WorkloadSyncService;
}): express.Router {
  const { httpAuth, permissions, store, entityWorkloads, sync } = options;
  // Typed from openapi.yaml: a route or an answer the spec does not describe fails tsc.
  const router = createApiRouter();
  // Parsed on its own route only, so this router caps no other router's bodies.
  const jsonBody = express.json({ limit: '1mb' });

  router.get('/entities/:namespace/:kind/:name/workloads', async (req, res) => {
    const { ref, credentials } = await readEntityRequest(req, httpAuth);
    res.json(await entityWorkloads.getEntityWorkloads(ref, credentials));
  });

  router.post(
    '/entities/:namespace/:kind/:name/refresh',
    jsonBody,
    async (req, res) => {
      const { ref, credentials } = await readEntityRequest(req, httpAuth);
      // 404 for an entity the catalog does not have (read permission checked there).
      const { entityRef } = await entityWorkloads.resolveEntity(
        ref,
        credentials,
      );
      await entityWorkloads.authorize(
        entityRef,
        containerSecurityEntityActPermission,
        credentials,
      );
      await sync.trigger();
      const body: RefreshResponse = { status: 'scheduled' };
      res.status(202).json(body);
    },
  );

  router.get('/workloads', async (req, res) => {
    const query = parse(workloadListQuery, req.query, 'query');
    await authorizeOverview({ httpAuth, permissions }, req);
    const [page, sources] = await Promise.all([
      store.listWorkloads(query),
      store.listSourceStatuses(),
    ]);
    const body: WorkloadListResponse = { ...page, sources };
    res.json(body);
  });

  return router;
}
