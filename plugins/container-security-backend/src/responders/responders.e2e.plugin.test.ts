import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { RESPONDERS_ANNOTATION } from '@containersec/plugin-container-security-common';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { syntheticEvent } from '../falco/attribution/__testUtils__/falcoFixtures';
import { containerSecurityPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = createTestDatabases();
// Rules of their own (the demo's file changes with the demo), in Talon's syntax.
const RULES = `
- action: Quarantine the pod
  actionner: kubernetes:label
  parameters:
    labels:
      container-security.io/quarantine: 'true'
- action: Scale the workload to zero
  actionner: aws:lambda
  parameters:
    aws_lambda_name: cs-scale-to-zero
- rule: scale-to-zero-on-critical-shell
  match:
    rules: [Terminal shell in container]
    priority: '>=Critical'
    tags: ['container, shell']
  continue: false
  actions:
    - action: Scale the workload to zero
- rule: quarantine-on-terminal-shell
  match:
    rules: [Terminal shell in container]
    output_fields: ['k8s.ns.name!=kube-system']
  actions:
    - action: Quarantine the pod
`;

const dir = createMockDirectory({
  content: {
    'rules/rules.yaml': RULES,
    'manifests/apps.yaml': ['cart-service', 'ledger-worker']
      .map(name =>
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          `metadata: { name: ${name}, namespace: storefront, labels: { backstage.io/kubernetes-id: ${name} } }`,
          `spec: { template: { spec: { containers: [{ name: ${name}, image: "${name}:1" }] } } }`,
        ].join('\n'),
      )
      .join('\n---\n'),
  },
});

const USER = {
  Authorization: mockCredentials.user.header('user:default/grace'),
};
// An allow-listed service principal: the sender automatic actions trust.
const SENDER = { Authorization: mockCredentials.service.header() };

function component(name: string, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name, ...annotations },
    },
    spec: { type: 'service', owner: 'group:default/storefront-team' },
  };
}

/** A loopback Lambda endpoint that answers every function with `done`. */
function lambdaEndpoint() {
  const seen: Array<{ fn: string; type?: string; body: any }> = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', c => (text += c));
    req.on('end', () => {
      const type = req.headers['x-amz-invocation-type'] as string | undefined;
      seen.push({
        fn: (req.url ?? '').split('/')[3],
        type,
        body: JSON.parse(text),
      });
      if (type === 'DryRun') res.writeHead(204).end();
      else res.writeHead(200).end(JSON.stringify({ status: 'done' }));
    });
  });
  return { server, seen };
}

async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 50));
  }
}

describe.each(databases.eachSupportedId())(
  'responders on Falco alerts, end to end, on %p',
  id => {
    let server: request.Agent;
    let lambda: ReturnType<typeof lambdaEndpoint>;
    let lambdaServer: Server;
    const send = jest.fn(async () => {});

    beforeAll(async () => {
      lambda = lambdaEndpoint();
      lambdaServer = lambda.server;
      await new Promise<void>(r => lambdaServer.listen(0, '127.0.0.1', r));
      const port = (lambdaServer.address() as AddressInfo).port;
      const knex = await databases.init(id);
      const { server: httpServer } = await startTestBackend({
        features: [
          containerSecurityPlugin,
          mockServices.rootConfig.factory({
            data: {
              containerSecurity: {
                workloads: {
                  manifests: [
                    { name: 'demo', paths: [`${dir.path}/manifests`] },
                  ],
                },
                falco: {
                  ingest: {
                    // One spool per database: a spool left by the other run would be
                    // drained into this one and replay its alerts.
                    spoolDirectory: `${dir.path}/spool-${id}`,
                    allowedServicePrincipals: ['external:test-service'],
                  },
                },
                responders: {
                  rulesFiles: [`${dir.path}/rules/rules.yaml`],
                  ruleModes: {
                    'quarantine-on-terminal-shell': 'approval',
                    'scale-to-zero-on-critical-shell': 'automatic',
                  },
                  functions: [
                    { name: 'cs-quarantine-pod' },
                    { name: 'cs-scale-to-zero' },
                    { name: 'cs-delete-pod' },
                  ],
                  actionners: {
                    'kubernetes:terminate': 'cs-delete-pod',
                    'kubernetes:label': 'cs-quarantine-pod',
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
          catalogServiceMock.factory({
            entities: [
              component('cart-service'),
              component('ledger-worker', {
                [RESPONDERS_ANNOTATION]: 'cs-scale-to-zero',
              }),
            ],
          }),
          createServiceFactory({
            service: signalsServiceRef,
            deps: {},
            factory: () => ({ publish: async () => {} }),
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send }),
          }),
        ],
      });
      server = request.agent(httpServer);
      const agent = server;
      const hasWorkloads = async (name: string) => {
        const res = await agent
          .get(
            `/api/container-security/entities/default/component/${name}/workloads`,
          )
          .set(USER);
        return res.body.workloads?.length ? true : undefined;
      };
      await eventually(() => hasWorkloads('cart-service'));
      await eventually(() => hasWorkloads('ledger-worker'));
    });

    afterAll(async () => {
      await new Promise(r => lambdaServer.close(r));
    });

    const actionsOf = (name: string, status?: string) =>
      server
        .get(
          `/api/container-security/entities/default/component/${name}/responder-actions${
            status ? `?status=${status}` : ''
          }`,
        )
        .set(USER);

    it('turns a shell alert into a pending action, and runs it once approved', async () => {
      const post = await server
        .post('/api/container-security/falco/events')
        .set(SENDER)
        .set('Content-Type', 'application/json')
        .send(
          syntheticEvent({
            time: new Date().toISOString(),
            pod: 'cart-service-6d8f9c7b5-x7k2p',
          }),
        );
      expect(post.status).toBeLessThan(300);
      const pending = await eventually(async () => {
        const res = await actionsOf('cart-service', 'pending-approval');
        return res.body.items?.[0];
      });
      expect(pending).toMatchObject({
        ruleName: 'quarantine-on-terminal-shell',
        actionner: 'kubernetes:label',
        functionName: 'cs-quarantine-pod',
        mode: 'approval',
        target: {
          namespace: 'storefront',
          kind: 'Deployment',
          name: 'cart-service',
          pod: 'cart-service-6d8f9c7b5-x7k2p',
        },
        trigger: { kind: 'falco-alert', severity: 'Notice' },
      });
      expect(lambda.seen).toEqual([]);
      expect(send).toHaveBeenCalledWith(
        expect.objectContaining({
          recipients: {
            type: 'entity',
            entityRef: 'group:default/storefront-team',
          },
        }),
      );

      const approved = await server
        .post(`/api/container-security/responder-actions/${pending.id}/approve`)
        .set(USER);
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'succeeded',
        decidedBy: 'user:default/grace',
      });
      expect(lambda.seen).toEqual([
        {
          fn: 'cs-quarantine-pod',
          type: 'RequestResponse',
          body: expect.objectContaining({
            idempotencyKey: pending.id,
            dryRun: false,
            rule: 'quarantine-on-terminal-shell',
            action: {
              name: 'Quarantine the pod',
              actionner: 'kubernetes:label',
              parameters: {
                labels: { 'container-security.io/quarantine': 'true' },
              },
            },
            target: expect.objectContaining({
              pod: 'cart-service-6d8f9c7b5-x7k2p',
            }),
          }),
        },
      ]);
    });

    it('runs an automatic rule for an opted-in service from a trusted sender', async () => {
      const before = lambda.seen.length;
      const post = await server
        .post('/api/container-security/falco/events')
        .set(SENDER)
        .set('Content-Type', 'application/json')
        .send(
          syntheticEvent({
            time: new Date().toISOString(),
            priority: 'Critical',
            pod: 'ledger-worker-7c9d8f6b5-q2w4z',
            container: 'ledger-worker',
          }),
        );
      expect(post.status).toBeLessThan(300);
      const action = await eventually(async () => {
        const res = await actionsOf('ledger-worker');
        const first = res.body.items?.[0];
        return first && first.status !== 'running' ? first : undefined;
      });
      expect(action).toMatchObject({
        ruleName: 'scale-to-zero-on-critical-shell',
        functionName: 'cs-scale-to-zero',
        mode: 'automatic',
        status: 'succeeded',
        requestedBy: 'rule:scale-to-zero-on-critical-shell',
      });
      expect(lambda.seen.slice(before).map(s => [s.fn, s.type])).toEqual([
        ['cs-scale-to-zero', 'RequestResponse'],
      ]);
    });
  },
);
