import { HttpRouterService } from '@backstage/backend-plugin-api';
import { HealthResponse } from '@containersec/plugin-container-security-common';
import express from 'express';
import { createApiRouter } from '../schema';

/** `GET /health`, the one route open without credentials. */
export function createHealthRouter(
  httpRouter: Pick<HttpRouterService, 'addAuthPolicy'>,
): express.Router {
  httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
  // Typed from openapi.yaml: a route or an answer the spec does not describe fails tsc.
  const router = createApiRouter();
  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });
  return router;
}
