import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  decimalInt,
  entityParams,
  fullRef,
  noQuery,
  parse,
  refPart,
} from './http/validation';
import {
  containerSecurityEntityActPermission,
  EntityPostureResponse,
  EntityScorecardResponse,
  EntityVulnerabilitiesResponse,
  ScorecardsResponse,
  HealthResponse,
  RefreshResponse,
  WorkloadListResponse,
} from '@containersec/plugin-container-security-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { WorkloadStore } from './workloads/WorkloadStore';
import { EntityWorkloadService } from './workloads/EntityWorkloadService';
import { ScorecardService } from './scorecards/ScorecardService';
import { PostureService } from './posture/PostureService';
import { VulnerabilityService } from './vulnerabilities/VulnerabilityService';
import { WorkloadSyncService } from './workloads/WorkloadSyncService';
import { authorizeOverview } from './http/authorizeOverview';

const workloadListQuery = z
  .object({
    namespace: refPart.optional(),
    kind: refPart.optional(),
    limit: decimalInt(1, 1000).default('100'),
    offset: decimalInt(0, 1_000_000_000).default('0'),
  })
  .strict();

const scorecardQuery = z
  .object({
    owner: fullRef.optional(),
    system: fullRef.optional(),
    domain: fullRef.optional(),
    kind: refPart.optional(),
  })
  .strict();

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: WorkloadStore;
  entityWorkloads: EntityWorkloadService;
  sync: WorkloadSyncService;
  posture: PostureService;
  scorecards: ScorecardService;
  vulnerabilities: VulnerabilityService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    store,
    entityWorkloads,
    sync,
    posture,
    scorecards,
    vulnerabilities,
  } = options;
  const router = Router();

  router.use(express.json({ limit: '1mb' }));

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  router.get('/entities/:namespace/:kind/:name/workloads', async (req, res) => {
    const ref = parse(entityParams, req.params, 'entity reference');
    parse(noQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    res.json(await entityWorkloads.getEntityWorkloads(ref, credentials));
  });

  router.get('/entities/:namespace/:kind/:name/posture', async (req, res) => {
    const ref = parse(entityParams, req.params, 'entity reference');
    parse(noQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const { entity, selector } = await entityWorkloads.resolveEntity(
      ref,
      credentials,
    );
    const [result, sources] = await Promise.all([
      posture.getEntityPosture(entity, selector, new Date()),
      store.listSourceStatuses(),
    ]);
    const body: EntityPostureResponse = { ...result, sources };
    res.json(body);
  });

  router.get('/entities/:namespace/:kind/:name/scorecard', async (req, res) => {
    const ref = parse(entityParams, req.params, 'entity reference');
    parse(noQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const { entity } = await entityWorkloads.resolveEntity(ref, credentials);
    const body: EntityScorecardResponse = await scorecards.getEntityScorecard(
      entity,
    );
    res.json(body);
  });

  router.get(
    '/entities/:namespace/:kind/:name/vulnerabilities',
    async (req, res) => {
      const ref = parse(entityParams, req.params, 'entity reference');
      parse(noQuery, req.query, 'query');
      const credentials = await httpAuth.credentials(req);
      const { entityRef, workloads } =
        await entityWorkloads.listEntityWorkloads(ref, credentials);
      const body: EntityVulnerabilitiesResponse =
        await vulnerabilities.getEntityVulnerabilities(entityRef, workloads);
      res.json(body);
    },
  );

  router.get('/scorecards', async (req, res) => {
    const query = parse(scorecardQuery, req.query, 'query');
    await authorizeOverview({ httpAuth, permissions }, req);
    const body: ScorecardsResponse = await scorecards.getScorecards(query);
    res.json(body);
  });

  router.post('/entities/:namespace/:kind/:name/refresh', async (req, res) => {
    const ref = parse(entityParams, req.params, 'entity reference');
    parse(noQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    // 404 for an entity the catalog does not have (read permission checked there).
    const { entityRef } = await entityWorkloads.resolveEntity(ref, credentials);
    await entityWorkloads.authorize(
      entityRef,
      containerSecurityEntityActPermission,
      credentials,
    );
    await sync.trigger();
    const body: RefreshResponse = { status: 'scheduled' };
    res.status(202).json(body);
  });

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
