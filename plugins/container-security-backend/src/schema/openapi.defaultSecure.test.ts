import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PermissionEvaluator,
} from '@backstage/plugin-permission-common';
import { containerSecurityPermissions } from '@containersec/plugin-container-security-common';
import { containerSecurityRespondersExtensionPoint } from '@containersec/plugin-container-security-node';
import { readFileSync } from 'fs';
import { Knex } from 'knex';
import { resolve as resolvePath } from 'path';
import request from 'supertest';
import YAML from 'yaml';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseFalcoAlertStore } from '../falco/DatabaseFalcoAlertStore';
import { containerSecurityPlugin } from '../plugin';
import { DatabaseResponderActionStore } from '../responders/DatabaseResponderActionStore';

/*
 * Walks every operation of openapi.yaml and proves the default-secure promise: 401
 * without (valid) credentials, 403 for a signed-in caller without each permission the
 * operation names in `x-permissions`, and no side effect on either answer (every table
 * of the plugin unchanged, no sync triggered, no responder invoked).
 */

jest.setTimeout(120_000);

const spec = YAML.parse(
  readFileSync(resolvePath(__dirname, 'openapi.yaml'), 'utf8'),
);

/** Operations any caller may use, anonymous ones included, and why. */
const OPEN_BY_DESIGN: Record<string, string> = {
  getHealth:
    'liveness for load balancers and probes; answers only { status: "ok" }',
};
/** Operations that authenticate their own senders (Falco), not Backstage users. */
const FALCO_INGEST = ['postFalcoEvents', 'postFalcoEventsWithUrlSecret'];

const SECRET = ['walk', 'sidekick', 'secret'].join('-');
const URL_SECRET = ['walk', 'edge', 'secret'].join('-');
const ALLOWED_SERVICE = 'external:falco-forwarder';
const ENTITY_REF = 'component:default/payments-api';
const ALERT_ID = '6f1c2a4e-0b7d-4c1e-9a3f-2d5e8b7c9a01';
const ACTION_ID = 'walk-action-1';
const API = '/api/container-security';

interface Operation {
  method: 'get' | 'post';
  path: string;
  operationId: string;
  permissions: string[];
  principals: string[];
  body?: unknown;
}

/** A request body of the spec, written inline or as a `#/components/requestBodies/…` ref. */
const requestBodyOf = (op: any) =>
  op.requestBody?.$ref
    ? spec.components.requestBodies[
        op.requestBody.$ref.replace('#/components/requestBodies/', '')
      ]
    : op.requestBody;

const operations: Operation[] = Object.entries<any>(spec.paths).flatMap(
  ([path, item]) =>
    (['get', 'post'] as const)
      .filter(method => item[method])
      .map(method => {
        const op = item[method];
        return {
          method,
          path,
          operationId: op.operationId,
          permissions: op['x-permissions'],
          principals: op['x-principals'],
          body: requestBodyOf(op)?.content?.['application/json']?.example,
        };
      }),
);
const guarded = operations.filter(
  o =>
    !(o.operationId in OPEN_BY_DESIGN) && !FALCO_INGEST.includes(o.operationId),
);

const urlOf = (op: Operation) =>
  API +
  op.path
    .replace('{namespace}', 'default')
    .replace('{kind}', 'component')
    .replace('{name}', 'payments-api')
    .replace('{id}', op.path.includes('/alerts/') ? ALERT_ID : ACTION_ID);

/** The permissions the mock denies: every one, or only those listed. */
let denied: (name: string) => boolean = () => false;
const authorize = jest.fn<
  ReturnType<PermissionEvaluator['authorize']>,
  Parameters<PermissionEvaluator['authorize']>
>(async requests =>
  requests.map(r => ({
    result: denied(r.permission.name)
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  })),
);
/** The names of the permissions the plugin asked about since the last reset. */
const checkedPermissions = () =>
  authorize.mock.calls.flatMap(([requests]) =>
    requests.map(r => r.permission.name),
  );
const triggerTask = jest.fn(async (_id: string) => {});
const invocations: unknown[] = [];

const fakeInvoker = createBackendModule({
  pluginId: 'container-security',
  moduleId: 'walk-invoker',
  register(reg) {
    reg.registerInit({
      deps: { responders: containerSecurityRespondersExtensionPoint },
      async init({ responders }) {
        responders.setResponderInvoker({
          async invoke(invocation) {
            invocations.push(invocation);
            return { statusCode: 204, durationMs: 0 };
          },
        });
      },
    });
  },
});

/** Every row of every table of the plugin's database, to compare before and after. */
async function snapshot(knex: Knex): Promise<Record<string, string>> {
  const tables: string[] = knex.client.config.client
    .toString()
    .match(/pg|postgres/)
    ? (
        await knex('pg_tables')
          .where('schemaname', knex.raw('current_schema()'))
          .select('tablename')
      ).map((r: any) => r.tablename)
    : (
        await knex('sqlite_master')
          .where('type', 'table')
          .andWhereNot('name', 'like', 'sqlite_%')
          .select('name')
      ).map((r: any) => r.name);
  expect(tables).toContain('container_security_falco_alerts');
  const rows: Record<string, string> = {};
  for (const table of tables.sort()) {
    rows[table] = JSON.stringify(await knex(table).select());
  }
  return rows;
}

const databases = createTestDatabases();
const directory = createMockDirectory();

describe('the spec', () => {
  it('lists every route the walk below covers, each with its permissions and principals', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    for (const op of operations) {
      expect({ op: op.operationId, permissions: op.permissions }).toEqual({
        op: op.operationId,
        permissions: expect.any(Array),
      });
      expect(op.principals.length).toBeGreaterThan(0);
      for (const name of op.permissions) {
        expect(containerSecurityPermissions.map(p => p.name)).toContain(name);
      }
    }
    // Open and self-authenticating operations are exactly the ones listed here.
    expect(
      operations
        .filter(o => o.principals.includes('none'))
        .map(o => o.operationId),
    ).toEqual(Object.keys(OPEN_BY_DESIGN));
    expect(
      operations
        .filter(o => o.principals.includes('falco-source'))
        .map(o => o.operationId),
    ).toEqual(FALCO_INGEST);
    // Every other operation checks at least one permission.
    for (const op of guarded) expect(op.permissions).not.toEqual([]);
  });
});

describe.each(databases.eachSupportedId())(
  'every route of openapi.yaml on %p is secure by default',
  id => {
    let server: request.Agent;
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(id);
      const backend = await startTestBackend({
        features: [
          containerSecurityPlugin,
          fakeInvoker,
          mockServices.rootConfig.factory({
            data: {
              containerSecurity: {
                workloads: { manifests: [] },
                falco: {
                  sources: [
                    { id: 'sidekick', secret: SECRET, allowUrlSecret: false },
                    { id: 'edge', secret: URL_SECRET },
                  ],
                  ingest: {
                    spoolDirectory: directory.resolve('spool'),
                    // Acknowledged after the commit: the table is read right after.
                    dbWriteTimeout: { seconds: 10 },
                    allowedServicePrincipals: [ALLOWED_SERVICE],
                  },
                },
                responders: { functions: [{ name: 'cs-quarantine-pod' }] },
              },
            },
          }),
          mockServices.database.factory({ knex }),
          // No scheduled work runs, so nothing but the requests changes the tables.
          mockServices.scheduler.mock({ triggerTask }).factory,
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          mockServices.permissions.mock({ authorize }).factory,
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: {
                  name: 'payments-api',
                  namespace: 'default',
                  annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
                },
                spec: { type: 'service', owner: 'group:default/team' },
              },
            ],
          }),
        ],
      });
      server = request.agent(backend.server);

      // An alert of the entity and a responder action on it, so routes that load one
      // reach their permission check instead of a 404.
      const alerts = DatabaseFalcoAlertStore.create(knex);
      await alerts.insertAlerts([
        {
          id: ALERT_ID,
          timeMs: Date.parse('2025-11-24T13:22:11Z'),
          timeNs: 0,
          rule: 'Terminal shell in container',
          priority: 'Notice',
          tags: [],
          output: 'A shell was spawned',
          outputFields: {},
          extraFields: {},
          receivedAt: Date.now(),
        },
      ]);
      await alerts.setAttribution([{ id: ALERT_ID, entityRef: ENTITY_REF }]);
      await DatabaseResponderActionStore.create(knex).createAction(
        {
          id: ACTION_ID,
          actionName: 'manual',
          actionner: 'aws:lambda',
          functionName: 'cs-quarantine-pod',
          qualifier: '$LATEST',
          invocationType: 'RequestResponse',
          mode: 'approval',
          status: 'pending-approval',
          entityRef: ENTITY_REF,
          target: { namespace: 'payments', pod: 'payments-api-1' },
          requestedBy: 'user:default/requester',
          payload: {},
          expiresAt: new Date(Date.now() + 3_600_000),
        },
        { now: new Date() },
      );
    });

    beforeEach(() => {
      denied = () => false;
      authorize.mockClear();
      triggerTask.mockClear();
      invocations.length = 0;
    });

    const send = (
      op: Pick<Operation, 'method' | 'body'>,
      url: string,
      headers: Record<string, string>,
    ) => {
      let req = server[op.method](url);
      for (const [name, value] of Object.entries(headers)) {
        req = req.set(name, value);
      }
      return op.body === undefined ? req : req.send(op.body as object);
    };

    /** Sends the request and checks its answer and that nothing changed. */
    const expectRefused = async (
      op: Pick<Operation, 'method' | 'body'>,
      url: string,
      headers: Record<string, string>,
      status: number,
      message: RegExp,
    ) => {
      const before = await snapshot(knex);
      const res = await send(op, url, headers);
      expect({ status: res.status, message: res.body?.error?.message }).toEqual(
        { status, message: expect.stringMatching(message) },
      );
      expect(await snapshot(knex)).toEqual(before);
      expect(triggerTask).not.toHaveBeenCalled();
      expect(invocations).toEqual([]);
    };

    describe.each(guarded.map(op => [`${op.method} ${op.path}`, op]))(
      '%s',
      (_name, op) => {
        it('answers 401 without credentials or with an invalid token', async () => {
          await expectRefused(op, urlOf(op), {}, 401, /./);
          await expectRefused(
            op,
            urlOf(op),
            { authorization: mockCredentials.user.invalidHeader() },
            401,
            /./,
          );
          // Refused before any permission was looked at.
          expect(authorize).not.toHaveBeenCalled();
        });

        it('answers 403 to a signed-in user denied every permission', async () => {
          denied = () => true;
          await expectRefused(
            op,
            urlOf(op),
            { authorization: mockCredentials.user.header('user:default/jo') },
            403,
            new RegExp(
              `Not allowed: ${op.permissions[0].replace(/\./g, '\\.')}`,
            ),
          );
          expect(checkedPermissions()).toContain(op.permissions[0]);
        });

        it('answers 403 to a user denied any one of its permissions', async () => {
          for (const permission of op.permissions) {
            denied = name => name === permission;
            await expectRefused(
              op,
              urlOf(op),
              { authorization: mockCredentials.user.header('user:default/jo') },
              403,
              new RegExp(`Not allowed: ${permission.replace(/\./g, '\\.')}`),
            );
            expect(checkedPermissions()).toContain(permission);
          }
        });

        if (op.principals.includes('service')) {
          it('answers 403 to a service denied every permission', async () => {
            denied = () => true;
            await expectRefused(
              op,
              urlOf(op),
              { authorization: mockCredentials.service.header() },
              403,
              /Not allowed/,
            );
            expect(checkedPermissions()).toContain(op.permissions[0]);
          });
        }

        if (!op.principals.includes('service')) {
          it('refuses a service principal, whatever its permissions', async () => {
            await expectRefused(
              op,
              urlOf(op),
              { authorization: mockCredentials.service.header() },
              403,
              /does not allow 'service' credentials/,
            );
            expect(authorize).not.toHaveBeenCalled();
          });
        }

        it('passes the permission checks for a user holding them', async () => {
          const res = await send(op, urlOf(op), {
            authorization: mockCredentials.user.header('user:default/jo'),
          });
          expect(res.status).not.toBe(401);
          expect(res.status).not.toBe(403);
          for (const permission of op.permissions) {
            expect(checkedPermissions()).toContain(permission);
          }
        });
      },
    );

    it('lets anyone read the operations open by design', async () => {
      for (const op of operations.filter(
        o => o.operationId in OPEN_BY_DESIGN,
      )) {
        const res = await send(op, urlOf(op), {});
        expect(res.status).toBe(200);
      }
    });

    describe('Falco ingest', () => {
      const webhook = operations.find(o => o.operationId === FALCO_INGEST[0])!;
      const urlSecret = operations.find(
        o => o.operationId === FALCO_INGEST[1],
      )!;
      const urlFor = (sourceId: string, secret: string) =>
        API +
        urlSecret.path
          .replace('{sourceId}', sourceId)
          .replace('{secret}', secret);

      it('refuses the webhook without a source secret or an allowed service token', async () => {
        const url = `${API}${webhook.path}`;
        await expectRefused(webhook, url, {}, 401, /Missing credentials/);
        await expectRefused(
          webhook,
          url,
          { 'x-falco-secret': 'not-the-secret' },
          401,
          /Invalid Falco source secret/,
        );
        // A signed-in user is not a sender, whatever their permissions.
        await expectRefused(
          webhook,
          url,
          { authorization: mockCredentials.user.header() },
          401,
          /non-service credentials/,
        );
        await expectRefused(
          webhook,
          url,
          { authorization: mockCredentials.user.invalidHeader() },
          401,
          /./,
        );
        await expectRefused(
          webhook,
          url,
          {
            authorization: mockCredentials.service.header(),
          },
          403,
          /Service principal 'external:test-service' may not post Falco events/,
        );
        // Senders are authenticated by the route, never by a permission policy.
        expect(authorize).not.toHaveBeenCalled();
      });

      it('refuses the URL-secret route without the source id and secret of a source that allows it', async () => {
        await expectRefused(
          urlSecret,
          urlFor('edge', 'wrong'),
          {},
          401,
          /Invalid Falco source/,
        );
        await expectRefused(
          urlSecret,
          urlFor('nobody', URL_SECRET),
          {},
          401,
          /Invalid Falco source/,
        );
        // The header source does not allow its secret in URLs.
        await expectRefused(
          urlSecret,
          urlFor('sidekick', SECRET),
          {},
          401,
          /Invalid Falco source/,
        );
        await expectRefused(
          urlSecret,
          urlFor('edge', 'wrong'),
          {
            authorization: mockCredentials.service.header(),
          },
          401,
          /Invalid Falco source/,
        );
        expect(authorize).not.toHaveBeenCalled();
      });

      it('stores what a valid sender posts (the snapshot above can see it)', async () => {
        const before = await snapshot(knex);
        const res = await send(webhook, `${API}${webhook.path}`, {
          'x-falco-secret': SECRET,
        });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ accepted: 1 });
        expect(await snapshot(knex)).not.toEqual(before);
      });
    });
  },
);
