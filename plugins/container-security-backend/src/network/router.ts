import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  EntityNetworkResponse,
  NetworkWhatIfResponse,
} from '@containersec/plugin-container-security-common';
import express from 'express';
import { createApiRouter } from '../schema';
import { z } from 'zod';
import { readEntityRequest } from '../http/readEntityRequest';
import { WorkloadStore } from '../workloads';
import { requireJsonBody } from '../http/requireJsonBody';
import { parse } from '../http/validation';
import { EntityWorkloadService } from '../workloads';
import { NetworkService } from './NetworkService';

/** The largest pasted policy text a what-if accepts, in characters. */
export const MAX_WHAT_IF_CHARS = 256 * 1024;

const whatIfBody = z
  .object({
    policy: z
      .string({
        required_error: 'is required (the policy as YAML or JSON text)',
        invalid_type_error: 'must be a string of YAML or JSON',
      })
      .min(1, 'must not be empty')
      .max(
        MAX_WHAT_IF_CHARS,
        `must be at most ${MAX_WHAT_IF_CHARS} characters`,
      ),
  })
  .strict();

/** Routes of the network section; read permission on the entity for both. */
export function createNetworkRouter(options: {
  httpAuth: HttpAuthService;
  entityWorkloads: EntityWorkloadService;
  store: WorkloadStore;
  network: NetworkService;
}): express.Router {
  const { httpAuth, entityWorkloads, store, network } = options;
  // Typed from openapi.yaml: a route or an answer the spec does not describe fails tsc.
  const router = createApiRouter();
  // Parses only this route's body: a router-wide parser would consume (or cap) the bodies
  // of routes mounted after it.
  const jsonBody = express.json({ limit: '1mb' });
  const requireJson = requireJsonBody('{ "policy": "<YAML or JSON text>" }');

  router.get('/entities/:namespace/:kind/:name/network', async (req, res) => {
    const { ref, credentials } = await readEntityRequest(req, httpAuth);
    const { entityRef, workloads } = await entityWorkloads.listEntityWorkloads(
      ref,
      credentials,
    );
    const [answer, sources] = await Promise.all([
      network.getEntityNetwork(entityRef, ref.name, workloads),
      store.listSourceStatuses(),
    ]);
    const body: EntityNetworkResponse = { ...answer, sources };
    res.json(body);
  });

  // Computes only: nothing is written to the store or applied to any cluster.
  router.post(
    '/entities/:namespace/:kind/:name/network/what-if',
    requireJson,
    jsonBody,
    async (req, res) => {
      const { ref, credentials } = await readEntityRequest(req, httpAuth);
      const { policy } = parse(whatIfBody, req.body ?? {}, 'request body');
      const { entityRef, workloads } =
        await entityWorkloads.listEntityWorkloads(ref, credentials);
      const body: NetworkWhatIfResponse = await network.whatIf(
        entityRef,
        workloads,
        policy,
      );
      res.json(body);
    },
  );

  return router;
}
