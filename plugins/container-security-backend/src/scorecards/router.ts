import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  EntityScorecardResponse,
  ScorecardsResponse,
} from '@containersec/plugin-container-security-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import { createApiRouter } from '../schema';
import { z } from 'zod';
import { authorizeOverview } from '../http/authorizeOverview';
import { readEntityRequest } from '../http/readEntityRequest';
import { fullRef, parse, refPart } from '../http/validation';
import { EntityWorkloadService } from '../workloads';
import { ScorecardService } from './ScorecardService';

const scorecardQuery = z
  .object({
    owner: fullRef.optional(),
    system: fullRef.optional(),
    domain: fullRef.optional(),
    kind: refPart.optional(),
  })
  .strict();

/** Scorecards from stored snapshots: one entity's, and the org-wide list. */
export function createScorecardsRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  entityWorkloads: EntityWorkloadService;
  scorecards: ScorecardService;
  /** Without it (benchmarks), a group counts only the services it owns directly. */
  catalog?: CatalogService;
}): express.Router {
  const { httpAuth, permissions, entityWorkloads, scorecards, catalog } =
    options;
  // Typed from openapi.yaml: a route or an answer the spec does not describe fails tsc.
  const router = createApiRouter();

  router.get('/entities/:namespace/:kind/:name/scorecard', async (req, res) => {
    const { ref, credentials } = await readEntityRequest(req, httpAuth);
    const { entity } = await entityWorkloads.resolveEntity(ref, credentials);
    // Sub-groups and left-out services are read as the caller: none they may not see.
    const body: EntityScorecardResponse = await scorecards.getEntityScorecard(
      entity,
      catalog && {
        getEntitiesByRefs: async entityRefs =>
          (
            await catalog.getEntitiesByRefs({ entityRefs }, { credentials })
          ).items,
      },
    );
    res.json(body);
  });

  router.get('/scorecards', async (req, res) => {
    const query = parse(scorecardQuery, req.query, 'query');
    await authorizeOverview({ httpAuth, permissions }, req);
    const body: ScorecardsResponse = await scorecards.getScorecards(query);
    res.json(body);
  });

  return router;
}
