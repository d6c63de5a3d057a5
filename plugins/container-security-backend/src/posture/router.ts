import { HttpAuthService } from '@backstage/backend-plugin-api';
import { EntityPostureResponse } from '@containersec/plugin-container-security-common';
import express from 'express';
import { createApiRouter } from '../schema';
import { readEntityRequest } from '../http/readEntityRequest';
import { EntityWorkloadService, WorkloadStore } from '../workloads';
import { PostureService } from './PostureService';

/** The entity's posture: findings, exemptions, score and trend, from stored scans. */
export function createPostureRouter(options: {
  httpAuth: HttpAuthService;
  entityWorkloads: EntityWorkloadService;
  workloads: WorkloadStore;
  posture: PostureService;
}): express.Router {
  const { httpAuth, entityWorkloads, workloads, posture } = options;
  // Typed from openapi.yaml: a route or an answer the spec does not describe fails tsc.
  const router = createApiRouter();

  router.get('/entities/:namespace/:kind/:name/posture', async (req, res) => {
    const { ref, credentials } = await readEntityRequest(req, httpAuth);
    const { entity, selector } = await entityWorkloads.resolveEntity(
      ref,
      credentials,
    );
    const [result, sources] = await Promise.all([
      posture.getEntityPosture(entity, selector, new Date()),
      workloads.listSourceStatuses(),
    ]);
    const body: EntityPostureResponse = { ...result, sources };
    res.json(body);
  });

  return router;
}
