import { HttpAuthService } from '@backstage/backend-plugin-api';
import { EntityVulnerabilitiesResponse } from '@containersec/plugin-container-security-common';
import express from 'express';
import { createApiRouter } from '../schema';
import { readEntityRequest } from '../http/readEntityRequest';
import { EntityWorkloadService } from '../workloads';
import { VulnerabilityService } from './VulnerabilityService';

/** The entity's image vulnerabilities, from stored reports (no scanner is called). */
export function createVulnerabilitiesRouter(options: {
  httpAuth: HttpAuthService;
  entityWorkloads: EntityWorkloadService;
  vulnerabilities: VulnerabilityService;
}): express.Router {
  const { httpAuth, entityWorkloads, vulnerabilities } = options;
  // Typed from openapi.yaml: a route or an answer the spec does not describe fails tsc.
  const router = createApiRouter();

  router.get(
    '/entities/:namespace/:kind/:name/vulnerabilities',
    async (req, res) => {
      const { ref, credentials } = await readEntityRequest(req, httpAuth);
      const { entityRef, workloads } =
        await entityWorkloads.listEntityWorkloads(ref, credentials);
      const body: EntityVulnerabilitiesResponse =
        await vulnerabilities.getEntityVulnerabilities(entityRef, workloads);
      res.json(body);
    },
  );

  return router;
}
