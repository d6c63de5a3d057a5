import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  containerSecurityResponderApprovePermission,
  containerSecurityResponderInvokePermission,
  EntityResponders,
  RESPONDER_ACTION_STATUSES,
  ResponderActionPage,
  RespondersOverview,
} from '@containersec/plugin-container-security-common';
import express from 'express';
import { createApiRouter } from '../schema';
import { z } from 'zod';
import { authorizeOverview } from '../http/authorizeOverview';
import { requireJsonBody } from '../http/requireJsonBody';
import {
  decimalInt,
  entityParams,
  parse,
  timeIdCursor,
} from '../http/validation';
import { EntityWorkloadService } from '../workloads';
import { ResponderService } from './ResponderService';
import { checkManualTarget } from './targets';

const listQuery = z
  .object({
    status: z.enum(RESPONDER_ACTION_STATUSES).optional(),
    limit: decimalInt(1, 200).default('50'),
    cursor: timeIdCursor.optional(),
  })
  .strict();

const short = (max: number) => z.string().min(1).max(max);
const target = z
  .object({
    cluster: short(253).optional(),
    namespace: short(253).optional(),
    kind: short(63).optional(),
    name: short(253).optional(),
    pod: short(253).optional(),
    accessKeyId: z
      .string()
      .regex(/^[A-Z0-9]{16,128}$/, 'must be an IAM access key id')
      .optional(),
    userName: short(128).optional(),
  })
  .strict();

const invokeBody = z
  .object({
    functionName: z
      .string()
      .regex(/^[A-Za-z0-9:_.$-]{1,170}$/, 'must be a Lambda function name'),
    alertId: short(255).optional(),
    target: target.optional(),
    dryRun: z.boolean().default(true),
    qualifier: z
      .string()
      .regex(/^(\$LATEST|[A-Za-z0-9_-]{1,128})$/, 'must be an alias or version')
      .optional(),
  })
  .strict();

const idParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a responder action id'),
});

const noBody = z.union([z.object({}).strict(), z.undefined()]);

/** The responder routes; with `responders` undefined the feature is off. */
export function createRespondersRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  entityWorkloads: EntityWorkloadService;
  responders?: ResponderService;
}): express.Router {
  const { httpAuth, permissions, entityWorkloads, responders } = options;
  // Typed from openapi.yaml: a route or an answer the spec does not describe fails tsc.
  const router = createApiRouter();
  // Own parser, small: routers with other limits must not decide for these routes.
  const json = express.json({ limit: '16kb' });
  const enabled = () => {
    if (!responders) {
      throw new NotFoundError(
        'Responders are not configured (containerSecurity.responders)',
      );
    }
    return responders;
  };

  router.get('/responders', async (req, res) => {
    parse(z.object({}).strict(), req.query, 'query');
    await authorizeOverview({ httpAuth, permissions }, req);
    const body: RespondersOverview = responders
      ? await responders.getOverview()
      : {
          enabled: false,
          killSwitch: false,
          rules: [],
          allowedFunctions: [],
          limits: {
            ruleCooldownSeconds: 0,
            serviceCooldownSeconds: 0,
            maxActionsPerHour: 0,
            actionsLastHour: 0,
          },
          approvalTimeoutSeconds: 0,
        };
    res.json(body);
  });

  router.get('/responder-actions', async (req, res) => {
    const query = parse(listQuery, req.query, 'query');
    await authorizeOverview({ httpAuth, permissions }, req);
    const body: ResponderActionPage = responders
      ? await responders.listActions(query)
      : { items: [] };
    res.json(body);
  });

  router.get(
    '/entities/:namespace/:kind/:name/responders',
    async (req, res) => {
      const ref = parse(entityParams, req.params, 'entity reference');
      parse(z.object({}).strict(), req.query, 'query');
      const credentials = await httpAuth.credentials(req);
      // Checks container-security.entity.read on the entity.
      const { entity } = await entityWorkloads.resolveEntity(ref, credentials);
      const body: EntityResponders = responders
        ? await responders.getEntityResponders(entity)
        : { enabled: false, functions: [], pending: [] };
      res.json(body);
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/responder-actions',
    async (req, res) => {
      const ref = parse(entityParams, req.params, 'entity reference');
      const query = parse(listQuery, req.query, 'query');
      const credentials = await httpAuth.credentials(req);
      const { entityRef } = await entityWorkloads.resolveEntity(
        ref,
        credentials,
      );
      const body: ResponderActionPage = responders
        ? await responders.listActions({ ...query, entityRef })
        : { items: [] };
      res.json(body);
    },
  );

  router.post(
    '/entities/:namespace/:kind/:name/responder-actions',
    requireJsonBody('{ "functionName": "…", "target": { … }, "dryRun": true }'),
    json,
    async (req, res) => {
      const ref = parse(entityParams, req.params, 'entity reference');
      const body = parse(invokeBody, req.body, 'body');
      // Acting routes refuse anonymous callers themselves, whatever the auth policy.
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entityRef = stringifyEntityRef(ref);
      await entityWorkloads.authorize(
        entityRef,
        containerSecurityResponderInvokePermission,
        credentials,
      );
      const service = enabled();
      // Also checks read permission and that the entity exists.
      const { workloads } = await entityWorkloads.listEntityWorkloads(
        ref,
        credentials,
      );
      if (body.target) {
        checkManualTarget(body.target, workloads, entityRef);
      }
      const action = await service.invokeManually(
        { ...body, entityRef },
        credentials,
        req,
      );
      res.status(201).json(action);
    },
  );

  const decide = (approve: boolean) =>
    (async (req, res) => {
      const { id } = parse(idParams, req.params, 'path');
      parse(noBody, req.body, 'body');
      // A decision is a person's: service principals may not approve.
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const service = enabled();
      const action = await service.getAction(id);
      if (!action.entityRef) {
        throw new NotFoundError(`No responder action ${id} on a service`);
      }
      await entityWorkloads.authorize(
        action.entityRef,
        containerSecurityResponderApprovePermission,
        credentials,
      );
      res.json(await service.decide(id, approve, credentials, req));
    }) as express.RequestHandler;

  router.post('/responder-actions/:id/approve', json, decide(true));
  router.post('/responder-actions/:id/reject', json, decide(false));

  return router;
}
