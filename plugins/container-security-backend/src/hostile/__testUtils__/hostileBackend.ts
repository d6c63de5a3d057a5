import {
  MockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { containerSecurityPlugin } from '../../plugin';

// Assembled so secret scanners do not flag test values.
/** The header secret of the `sidekick` source. */
export const SECRET = ['hostile', 'sidekick', 'shared', 'secret'].join('-');
/** The URL secret of the `edge` source. */
export const URL_SECRET = ['hostile', 'edge', 'url', 'secret', '9'].join('-');

/** The plugin's API prefix in the test backend. */
export const API = '/api/container-security';
/** The entity every entity route is asked about. */
export const ENTITY = `${API}/entities/default/component/payments-api`;

/** A user allowed everything. */
export const asUser = () => ({
  authorization: mockCredentials.user.header('user:default/guest'),
});

/** One hostile request and what it must be answered with. */
export interface HostileCase {
  /** What the request does wrong. */
  name: string;
  method: 'get' | 'post';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The exact status. */
  status: number;
  /** What the error message must say: it names the problem. */
  message?: RegExp;
  /** Alerts the request may store (default 0). */
  stores?: number;
}

// What must never appear in an answer: stack frames, source paths, SQL, driver names,
// and the test's secrets and tokens.
const INTERNALS =
  /\bat \S+ \(|node_modules|\.[tj]s:\d+|\bselect\b.+\bfrom\b|\binsert into\b|knex|sqlite|pg_|ECONNREFUSED/i;

/** A running plugin on one database, with an entity, its workloads and two Falco sources. */
export interface HostileBackend {
  server: request.Agent;
  knex: Knex;
  countAlerts(): Promise<number>;
  /** Sends `c` and checks everything every hostile answer must satisfy. */
  expectAnswer(c: HostileCase): Promise<request.Response>;
}

const namespace = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: 'payments',
    labels: { 'kubernetes.io/metadata.name': 'payments' },
  },
};

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'payments-api',
    namespace: 'payments',
    labels: {
      app: 'payments-api',
      'backstage.io/kubernetes-id': 'payments-api',
    },
  },
  spec: {
    selector: { matchLabels: { app: 'payments-api' } },
    template: {
      metadata: {
        labels: {
          app: 'payments-api',
          'backstage.io/kubernetes-id': 'payments-api',
        },
      },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'registry/payments-api:1',
            ports: [{ containerPort: 8080 }],
          },
        ],
      },
    },
  },
};

/** Starts the plugin on database `id` with its files in `directory` (from `createMockDirectory()` at the top of the test file); call from `beforeAll`. */
export async function startHostileBackend(
  databases: TestDatabases,
  id: TestDatabaseId,
  directory: MockDirectory,
): Promise<HostileBackend> {
  directory.setContent({
    'cluster.json': JSON.stringify({
      kind: 'List',
      items: [namespace, deployment],
    }),
  });
  const knex = await databases.init(id);
  const { server: httpServer } = await startTestBackend({
    features: [
      containerSecurityPlugin,
      mockServices.rootConfig.factory({
        data: {
          containerSecurity: {
            workloads: {
              manifests: [
                { name: 'demo', paths: [directory.resolve('cluster.json')] },
              ],
            },
            falco: {
              sources: [
                { id: 'sidekick', secret: SECRET, allowUrlSecret: false },
                { id: 'edge', secret: URL_SECRET },
              ],
              ingest: {
                spoolDirectory: directory.resolve('spool'),
                // Acknowledged after the commit: a count right after an answer is exact.
                dbWriteTimeout: { seconds: 10 },
                allowedServicePrincipals: ['external:test-service'],
              },
            },
          },
        },
      }),
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      }).factory,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'payments-api',
              namespace: 'default',
              annotations: {
                'backstage.io/kubernetes-id': 'payments-api',
                'backstage.io/kubernetes-namespace': 'payments',
              },
            },
            spec: {
              type: 'service',
              owner: 'group:default/team',
              lifecycle: 'production',
            },
          },
        ],
      }),
    ],
  });
  const server = request.agent(httpServer);

  const countAlerts = async () => {
    const [{ n }] = await knex('container_security_falco_alerts').count({
      n: '*',
    });
    return Number(n);
  };

  const send = (c: HostileCase) => {
    let req = server[c.method](c.path);
    for (const [name, value] of Object.entries(c.headers ?? {})) {
      req = req.set(name, value);
    }
    return c.body === undefined ? req : req.send(c.body);
  };

  const expectAnswer = async (c: HostileCase) => {
    const before = await countAlerts();
    const res = await send(c);
    const text = res.text ?? '';
    expect({ status: res.status, text: text.slice(0, 500) }).toEqual({
      status: c.status,
      text: expect.anything(),
    });
    if (c.status >= 400) {
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.error?.message).toMatch(c.message ?? /./);
    } else if (c.message) {
      expect(text).toMatch(c.message);
    }
    expect(text).not.toMatch(INTERNALS);
    for (const secret of [
      SECRET,
      URL_SECRET,
      'mock-service-token',
      'mock-user-token',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect((await countAlerts()) - before).toBe(c.stores ?? 0);
    // The backend still answers.
    expect((await server.get(`${API}/health`)).status).toBe(200);
    return res;
  };

  return { server, knex, countAlerts, expectAnswer };
}
