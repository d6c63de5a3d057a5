import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { AuditSourcesResponse } from '@containersec/plugin-container-security-common';
import express from 'express';
import { createApiRouter } from '../schema';
import { z } from 'zod';
import {
  decimalInt,
  entityParams,
  parse,
  queryTime,
  timeIdCursor,
} from '../http/validation';
import { EntityWorkloadService } from '../workloads';
import { AuditService } from './AuditService';
import { authorizeOverview } from '../http/authorizeOverview';

const flag = z.enum(['true', 'false']).optional();

const auditQuery = z
  .object({
    from: queryTime.optional(),
    to: queryTime.optional(),
    eventName: z
      .string()
      .regex(/^[A-Za-z0-9]{1,128}$/, 'must be a CloudTrail event name')
      .optional(),
    eventSource: z
      .string()
      .regex(
        /^[a-z0-9.-]{1,255}$/,
        'must be a service host such as iam.amazonaws.com',
      )
      .optional(),
    principal: z.string().min(1).max(256).optional(),
    riskyOnly: flag,
    errorsOnly: flag,
    limit: decimalInt(1, 200).default('50'),
    cursor: timeIdCursor.optional(),
  })
  .strict();

function parseAuditQuery(value: unknown) {
  const query = parse(auditQuery, value, 'query');
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from >= to) {
    throw new InputError('Invalid query: from must be before to');
  }
  return {
    ...query,
    from,
    to,
    limit: query.limit ?? 50,
    riskyOnly: query.riskyOnly === 'true',
    errorsOnly: query.errorsOnly === 'true',
  };
}

/** The audit routes: an entity's timeline, org-wide risky events, source statuses. */
export async function createAuditRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  entityWorkloads: EntityWorkloadService;
  audit: AuditService;
}): Promise<express.Router> {
  const { httpAuth, permissions, entityWorkloads, audit } = options;
  // Typed from openapi.yaml: a route or an answer the spec does not describe fails tsc.
  const router = createApiRouter();

  router.get('/entities/:namespace/:kind/:name/audit', async (req, res) => {
    const ref = parse(entityParams, req.params, 'entity reference');
    const query = parseAuditQuery(req.query);
    const credentials = await httpAuth.credentials(req);
    // Checks container-security.entity.read on the entity.
    const { entity } = await entityWorkloads.resolveEntity(ref, credentials);
    res.json(await audit.getEntityAudit(entity, query));
  });

  router.get('/audit/risky', async (req, res) => {
    const query = parseAuditQuery(req.query);
    const credentials = await authorizeOverview({ httpAuth, permissions }, req);
    res.json(await audit.getRiskyEvents(query, credentials));
  });

  router.get('/audit/sources', async (req, res) => {
    parse(z.object({}).strict(), req.query, 'query');
    await authorizeOverview({ httpAuth, permissions }, req);
    const body: AuditSourcesResponse = { sources: await audit.listSources() };
    res.json(body);
  });

  return router;
}
