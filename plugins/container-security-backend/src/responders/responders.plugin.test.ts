import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { resolve as resolvePath } from 'path';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { containerSecurityPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const manifests = createMockDirectory();
const OUTSIDER = 'user:default/outsider';
const as = (ref: string) => ({
  Authorization: mockCredentials.user.header(ref),
});
const ACTIONS =
  '/api/container-security/entities/default/component/cart-service/responder-actions';

/**
 * A stand-in for the demo's local Lambda endpoint: a real HTTP server on loopback that
 * answers Invoke as Lambda does, so the plugin's real client is exercised end to end.
 */
function lambdaEndpoint() {
  const seen: Array<{ path: string; type?: string; body: any; auth?: string }> =
    [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', c => (text += c));
    req.on('end', () => {
      const type = req.headers['x-amz-invocation-type'] as string | undefined;
      seen.push({
        path: req.url ?? '',
        type,
        body: JSON.parse(text),
        auth: req.headers.authorization,
      });
      if (type === 'DryRun') {
        res.writeHead(204).end();
      } else {
        res
          .writeHead(200, {
            'Content-Type': 'application/json',
            'X-Amz-Log-Result': Buffer.from('labelled').toString('base64'),
          })
          .end(JSON.stringify({ status: 'done', changes: ['labelled'] }));
      }
    });
  });
  return { server, seen };
}

describe.each(databases.eachSupportedId())(
  'responders in the plugin on %p',
  id => {
    let server: request.Agent;
    let lambda: ReturnType<typeof lambdaEndpoint>;
    let lambdaServer: Server;

    beforeAll(async () => {
      lambda = lambdaEndpoint();
      lambdaServer = lambda.server;
      await new Promise<void>(r => lambdaServer.listen(0, '127.0.0.1', r));
      const port = (lambdaServer.address() as AddressInfo).port;
      manifests.setContent({
        'cart.yaml': [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: { name: cart-service, namespace: storefront, labels: { backstage.io/kubernetes-id: cart-service } }',
          'spec:',
          '  template:',
          '    spec:',
          '      containers: [{ name: app, image: "registry/cart:1.0.0" }]',
        ].join('\n'),
      });
      const knex = await databases.init(id);
      const authorize = jest.fn(async (requests: any[], options: any) =>
        requests.map(r => ({
          result:
            r.permission.name.startsWith('container-security.responder.') &&
            options.credentials.principal.userEntityRef === OUTSIDER
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
      );
      const { server: httpServer } = await startTestBackend({
        features: [
          containerSecurityPlugin,
          mockServices.rootConfig.factory({
            data: {
              containerSecurity: {
                workloads: {
                  manifests: [{ name: 'demo', paths: [manifests.path] }],
                },
                responders: {
                  // The demo's own rules file, as the demo reads it.
                  rulesFiles: [
                    // Absolute: the tests run from the package or the repository root.
                    resolvePath(
                      __dirname,
                      '../../../../examples/responders/rules/demo-rules.yaml',
                    ),
                  ],
                  ruleModes: { 'quarantine-on-terminal-shell': 'approval' },
                  functions: [
                    { name: 'cs-quarantine-pod', description: 'Quarantine' },
                    { name: 'cs-scale-to-zero' },
                    { name: 'cs-delete-pod' },
                    { name: 'cs-deactivate-access-key' },
                  ],
                  actionners: {
                    'kubernetes:terminate': 'cs-delete-pod',
                    'kubernetes:label': 'cs-quarantine-pod',
                    'kubernetes:networkpolicy': 'cs-quarantine-pod',
                  },
                  lambda: {
                    region: 'eu-west-1',
                    endpoint: `http://127.0.0.1:${port}`,
                    maxRetries: 0,
                  },
                },
              },
            },
          }),
          mockServices.database.factory({ knex }),
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
                  name: 'cart-service',
                  namespace: 'default',
                  annotations: { 'backstage.io/kubernetes-id': 'cart-service' },
                },
                spec: {
                  type: 'service',
                  owner: 'group:default/storefront-team',
                },
              },
            ],
          }),
        ],
      });
      server = request.agent(httpServer);
      // The first workload sync runs at start-up; wait until it stored the workload.
      for (;;) {
        const res = await server
          .get(
            '/api/container-security/entities/default/component/cart-service/workloads',
          )
          .set(as('user:default/guest'));
        if (res.body.workloads?.length) break;
        await new Promise(r => setTimeout(r, 50));
      }
    });

    afterAll(async () => {
      await new Promise(r => lambdaServer.close(r));
    });

    it('loads the demo rules and describes them', async () => {
      const res = await server
        .get('/api/container-security/responders')
        .set(as('user:default/guest'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        enabled: true,
        killSwitch: false,
        allowedFunctions: [
          'cs-quarantine-pod',
          'cs-scale-to-zero',
          'cs-delete-pod',
          'cs-deactivate-access-key',
        ],
      });
      expect(res.body.rules).toContainEqual(
        expect.objectContaining({
          name: 'quarantine-on-terminal-shell',
          mode: 'approval',
          // Named relative to the working directory, never by the server's absolute path.
          source: expect.stringMatching(/^[^/].*demo-rules\.yaml:\d+$/),
        }),
      );
    });

    it('runs a manual dry run, then a real invocation, through the real Lambda client', async () => {
      const dry = await server
        .post(ACTIONS)
        .set(as('user:default/guest'))
        .send({
          functionName: 'cs-quarantine-pod',
          target: {
            namespace: 'storefront',
            pod: 'cart-service-7c9d8f6b5-q2w4z',
          },
        });

      expect(dry.status).toBe(201);
      expect(dry.body).toMatchObject({
        status: 'dry-run',
        result: { statusCode: 204 },
      });
      const real = await server
        .post(ACTIONS)
        .set(as('user:default/guest'))
        .send({
          functionName: 'cs-quarantine-pod',
          target: {
            namespace: 'storefront',
            pod: 'cart-service-7c9d8f6b5-q2w4z',
          },
          dryRun: false,
        });
      expect(real.status).toBe(201);
      expect(real.body).toMatchObject({
        status: 'succeeded',
        result: {
          statusCode: 200,
          payload: { status: 'done' },
          logTail: 'labelled',
        },
      });
      expect(
        lambda.seen.map(s => [s.path, s.type, s.body.idempotencyKey]),
      ).toEqual([
        [
          '/2015-03-31/functions/cs-quarantine-pod/invocations?Qualifier=%24LATEST',
          'DryRun',
          dry.body.id,
        ],
        [
          '/2015-03-31/functions/cs-quarantine-pod/invocations?Qualifier=%24LATEST',
          'RequestResponse',
          real.body.id,
        ],
      ]);
      // Dummy credentials for the loopback endpoint.
      expect(lambda.seen[0].auth).toMatch(/Credential=local\//);

      const history = await server.get(ACTIONS).set(as('user:default/guest'));
      expect(history.body.items.map((i: any) => i.id)).toEqual([
        real.body.id,
        dry.body.id,
      ]);
    });

    it('refuses a target that is not a workload of the service', async () => {
      const before = lambda.seen.length;
      const res = await server
        .post(ACTIONS)
        .set(as('user:default/guest'))
        .send({
          functionName: 'cs-quarantine-pod',
          target: { namespace: 'payments', pod: 'payments-api-1' },
          dryRun: false,
        });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'not a workload of component:default/cart-service',
      );
      expect(lambda.seen).toHaveLength(before);
    });

    it('refuses callers without credentials or permission, invoking nothing', async () => {
      const before = lambda.seen.length;
      const body = {
        functionName: 'cs-quarantine-pod',
        target: { pod: 'x' },
        dryRun: false,
      };
      expect((await server.post(ACTIONS).send(body)).status).toBe(401);
      expect(
        (await server.post(ACTIONS).set(as(OUTSIDER)).send(body)).status,
      ).toBe(403);
      expect(lambda.seen).toHaveLength(before);
    });
  },
);
