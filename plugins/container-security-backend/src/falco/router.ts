import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  ALERT_STATUSES,
  AlertHistogramResponse,
  AlertsOverviewResponse,
  containerSecurityEntityActPermission,
  EntityAlertsResponse,
  FalcoAlertDetail,
  FALCO_PRIORITIES,
  FalcoPriority,
  parseFalcoPriority,
  UnattributedAlertsResponse,
} from '@containersec/plugin-container-security-common';
import express from 'express';
import { createApiRouter } from '../schema';
import { z } from 'zod';
import {
  decimalInt,
  entityParams,
  noQuery,
  parse,
  queryTime,
} from '../http/validation';
import { EntityWorkloadService } from '../workloads';
import { alertDetail, alertSummary } from './alertViews';
import { FalcoAlertFilter, FalcoAlertStore } from './FalcoAlertStore';
import { AlertOverviewService } from './AlertOverviewService';
import { chooseBucketMs, denseSeries } from './histogram';
import { authorizeOverview } from '../http/authorizeOverview';
import { requireJsonBody } from '../http/requireJsonBody';

const DAY = 86_400_000;
const MAX_RANGE_MS = 400 * DAY;

/** One value or several (repeated query parameters). */
const many = <T extends z.ZodTypeAny>(item: T) =>
  z
    .union([item, z.array(item).max(50)])
    .transform(v => (Array.isArray(v) ? v : [v]) as Array<z.infer<T>>);

const priority = z
  .string()
  .transform(v => parseFalcoPriority(v))
  .refine((v): v is FalcoPriority => v !== undefined, {
    message: `must be one of ${FALCO_PRIORITIES.join(', ')}`,
  });

const shortText = z.string().min(1).max(255);

// `<epoch ms>.<ns>.<alert id>` in base64url, as the alert store writes it: a cursor
// that is not one is refused instead of being ignored (which would restart the list).
const CURSOR_TEXT = /^\d{1,15}\.\d{1,6}\.[0-9a-f-]{36}$/;
const alertCursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a cursor from a previous page')
  .refine(
    v => CURSOR_TEXT.test(Buffer.from(v, 'base64url').toString('utf8')),
    'must be a cursor from a previous page',
  );

const filterShape = {
  priority: many(priority).optional(),
  rule: many(shortText).optional(),
  status: many(z.enum(ALERT_STATUSES)).optional(),
  workload: shortText.optional(),
  container: shortText.optional(),
  tags: many(shortText).optional(),
  from: queryTime.optional(),
  to: queryTime.optional(),
};

const listQuery = z
  .object({
    ...filterShape,
    cursor: alertCursor.optional(),
    limit: decimalInt(1, 200).default('50'),
  })
  .strict();

const histogramQuery = z.object(filterShape).strict();

const overviewQuery = z
  .object({ from: queryTime.optional(), to: queryTime.optional() })
  .strict();

const unattributedQuery = z
  .object({
    cursor: alertCursor.optional(),
    limit: decimalInt(1, 200).default('50'),
  })
  .strict();

const alertId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'must be an alert id');

const alertParams = entityParams.extend({ id: alertId });

const unattributedAlertParams = z.object({ id: alertId }).strict();

const statusBody = z
  .object({
    status: z.enum(ALERT_STATUSES),
    comment: z.string().trim().min(1, 'a comment is required').max(2000),
  })
  .strict();

function checkOrder(query: { from?: number; to?: number }) {
  if (query.from !== undefined && query.to !== undefined) {
    if (query.from >= query.to) {
      throw new InputError('Invalid query: from must be before to');
    }
  }
}

/** The bounds of a query: `to` defaults to now, `from` to `defaultSpan` before it. */
function rangeOf(
  query: { from?: number; to?: number },
  now: number,
  defaultSpan: number,
): { fromMs: number; toMs: number } {
  const toMs = query.to ?? now;
  const fromMs = query.from ?? toMs - defaultSpan;
  if (fromMs >= toMs) {
    throw new InputError('Invalid query: from must be before to');
  }
  return { fromMs: Math.max(fromMs, toMs - MAX_RANGE_MS), toMs };
}

function storeFilter(query: z.infer<typeof histogramQuery>): FalcoAlertFilter {
  return {
    priorities: query.priority,
    rules: query.rule,
    statuses: query.status,
    workload: query.workload,
    container: query.container,
    tags: query.tags,
    fromMs: query.from,
    toMs: query.to,
  };
}

/** Who made a change, for the record: the user's entity ref, or the calling service. */
function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal.type === 'service' && principal.subject) {
    return principal.subject;
  }
  throw new NotAllowedError(
    'Only signed-in users and services can triage alerts',
  );
}

export interface FalcoRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  alerts: FalcoAlertStore;
  entityWorkloads: EntityWorkloadService;
  /** Tells open pages that an alert changed. */
  onStatusChanged?: (change: {
    entityRef: string;
    priority: FalcoPriority;
  }) => Promise<void>;
  now?: () => number;
}

/**
 * Read and triage routes of Falco alerts (not the webhook): per-entity lists, histogram,
 * detail and status changes, and the org-wide overview and unattributed list.
 */
export function createFalcoRouter(options: FalcoRouterOptions): express.Router {
  const { httpAuth, permissions, alerts, entityWorkloads } = options;
  const overview = new AlertOverviewService(alerts);
  const now = () => options.now?.() ?? Date.now();
  // Typed from openapi.yaml: a route or an answer the spec does not describe fails tsc.
  const router = createApiRouter();
  // Parsed on its own route only: this router is mounted before the plugin's main router,
  // so a router-wide parser would cap every other route's request body too.
  const statusJson = express.json({ limit: '64kb' });

  router.get('/entities/:namespace/:kind/:name/alerts', async (req, res) => {
    const ref = parse(entityParams, req.params, 'entity reference');
    const query = parse(listQuery, req.query, 'query');
    checkOrder(query);
    const credentials = await httpAuth.credentials(req);
    const { entityRef } = await entityWorkloads.resolveEntity(ref, credentials);
    const [page, allowed] = await Promise.all([
      alerts.listAlerts({
        ...storeFilter(query),
        entityRef,
        cursor: query.cursor,
        limit: query.limit,
      }),
      entityWorkloads.isAllowed(
        entityRef,
        containerSecurityEntityActPermission,
        credentials,
      ),
    ]);
    const body: EntityAlertsResponse = {
      entityRef,
      items: page.items.map(alertSummary),
      nextCursor: page.nextCursor,
      canAct: allowed,
    };
    res.json(body);
  });

  router.get(
    '/entities/:namespace/:kind/:name/alerts/histogram',
    async (req, res) => {
      const ref = parse(entityParams, req.params, 'entity reference');
      const query = parse(histogramQuery, req.query, 'query');
      const credentials = await httpAuth.credentials(req);
      const { entityRef } = await entityWorkloads.resolveEntity(
        ref,
        credentials,
      );
      const { fromMs, toMs } = rangeOf(query, now(), 7 * DAY);
      const bucketMs = chooseBucketMs(fromMs, toMs);
      const counts = await alerts.aggregate({
        filter: { ...storeFilter(query), fromMs, toMs, entityRef },
        groupBy: ['priority'],
        bucketMs,
      });
      const body: AlertHistogramResponse = {
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        bucketMs,
        buckets: denseSeries(
          counts,
          c => c.priority ?? 'Debug',
          fromMs,
          toMs,
          bucketMs,
        ),
      };
      res.json(body);
    },
  );

  const loadOwnAlert = async (req: express.Request) => {
    const params = parse(alertParams, req.params, 'alert reference');
    parse(noQuery, req.query, 'query');
    const { id, ...ref } = params;
    const credentials = await httpAuth.credentials(req);
    const { entityRef } = await entityWorkloads.resolveEntity(ref, credentials);
    const alert = await alerts.getAlert(id);
    // An alert of another entity is as absent as a missing one: no probing across services.
    if (!alert || alert.entityRef !== entityRef) {
      throw new NotFoundError(`No alert ${id} for ${entityRef}`);
    }
    return { alert, entityRef, credentials };
  };

  router.get(
    '/entities/:namespace/:kind/:name/alerts/:id',
    async (req, res) => {
      const { alert } = await loadOwnAlert(req);
      const body: FalcoAlertDetail = alertDetail(
        alert,
        await alerts.listStatusChanges(alert.id),
      );
      res.json(body);
    },
  );

  router.post(
    '/entities/:namespace/:kind/:name/alerts/:id/status',
    requireJsonBody('{ "status": "…", "comment": "…" }'),
    statusJson,
    async (req, res) => {
      const change = parse(statusBody, req.body, 'body');
      const { alert, entityRef, credentials } = await loadOwnAlert(req);
      await entityWorkloads.authorize(
        entityRef,
        containerSecurityEntityActPermission,
        credentials,
      );
      const by = actorOf(credentials);
      const found = await alerts.setStatus(alert.id, {
        status: change.status,
        comment: change.comment,
        by,
        atMs: now(),
      });
      const updated = found ? await alerts.getAlert(alert.id) : undefined;
      if (!updated) throw new NotFoundError(`No alert ${alert.id}`);
      await options.onStatusChanged?.({ entityRef, priority: alert.priority });
      const body: FalcoAlertDetail = alertDetail(
        updated,
        await alerts.listStatusChanges(alert.id),
      );
      res.json(body);
    },
  );

  router.get('/alerts/overview', async (req, res) => {
    const query = parse(overviewQuery, req.query, 'query');
    await authorizeOverview({ httpAuth, permissions }, req);
    const body: AlertsOverviewResponse = await overview.getOverview(
      rangeOf(query, now(), 7 * DAY),
    );
    res.json(body);
  });

  router.get('/alerts/unattributed', async (req, res) => {
    const query = parse(unattributedQuery, req.query, 'query');
    await authorizeOverview({ httpAuth, permissions }, req);
    const page = await alerts.listAlerts({
      entityRef: null,
      cursor: query.cursor,
      limit: query.limit,
    });
    const body: UnattributedAlertsResponse = {
      items: page.items.map(alertSummary),
      nextCursor: page.nextCursor,
    };
    res.json(body);
  });

  // The org-wide list opens its alerts like a service's; an alert a service owns is read
  // through that service (entity permission), so here it is as absent as a missing one.
  router.get('/alerts/unattributed/:id', async (req, res) => {
    const { id } = parse(unattributedAlertParams, req.params, 'alert reference');
    parse(noQuery, req.query, 'query');
    await authorizeOverview({ httpAuth, permissions }, req);
    const alert = await alerts.getAlert(id);
    if (!alert || alert.entityRef) {
      throw new NotFoundError(`No unattributed alert ${id}`);
    }
    const body: FalcoAlertDetail = alertDetail(
      alert,
      await alerts.listStatusChanges(alert.id),
    );
    res.json(body);
  });

  return router;
}
