import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AWS_ANNOTATIONS,
  EntityAuditResponse,
  RiskyEventsResponse,
} from '@containersec/plugin-container-security-common';
import { DEFAULT_AUDIT_RULE_SETTINGS } from '@containersec/plugin-container-security-node';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { containerSecurityPlugin } from '../plugin';
import { AuditIngester } from './AuditIngester';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { roleCall } from './__testUtils__/records';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const OUTSIDER = 'user:default/outsider';
const BASE = '/api/container-security';
const AUDIT = `${BASE}/entities/default/component/payments-api/audit`;

const component = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:default/payments-team',
    lifecycle: 'production',
  },
});

describe.each(databases.eachSupportedId())('audit routes on %p', id => {
  let server: request.Agent;
  const authorize = jest.fn(async (requests: any[], options: any) =>
    requests.map(() => ({
      result:
        options.credentials.principal.userEntityRef === OUTSIDER
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
  );

  beforeAll(async () => {
    const knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    await new AuditIngester({
      store: DatabaseAuditStore.create(knex),
      settings: DEFAULT_AUDIT_RULE_SETTINGS,
    }).ingest(
      [
        ...Array.from({ length: 30 }, (_, i) => roleCall(i)),
        roleCall(40, {
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateAccessKey',
          requestParameters: { userName: 'ci', roleName: 'payments-api' },
        }),
        roleCall(41, {
          eventID: 'elsewhere',
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'StopLogging',
          userIdentity: {
            type: 'IAMUser',
            arn: 'arn:aws:iam::111122223333:user/ops',
          },
          requestParameters: { name: 'main' },
        }),
      ],
      'test',
    );
    const { server: httpServer } = await startTestBackend({
      features: [
        containerSecurityPlugin,
        mockServices.rootConfig.factory({ data: {} }),
        mockServices.database.factory({ knex }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.permissions.mock({ authorize }).factory,
        catalogServiceMock.factory({
          entities: [
            component('payments-api', {
              [AWS_ANNOTATIONS.iamRoles]:
                'arn:aws:iam::111122223333:role/irsa/payments-api',
            }),
            component('legacy', {}),
          ],
        }),
      ],
    });
    server = request.agent(httpServer);
  });

  const asUser = (ref = 'user:default/guest') => ({
    Authorization: mockCredentials.user.header(ref),
  });

  it.each([AUDIT, `${BASE}/audit/risky`, `${BASE}/audit/sources`])(
    'rejects %s without credentials',
    async path => {
      expect((await server.get(path)).status).toBe(401);
    },
  );

  it("serves a service's timeline from the database, paged, with risks", async () => {
    const first = await server.get(`${AUDIT}?limit=20`).set(asUser());
    expect(first.status).toBe(200);
    const body = first.body as EntityAuditResponse;
    expect(body.hasAwsResources).toBe(true);
    expect(body.resourceKeys).toEqual(['iam-role:111122223333:payments-api']);
    expect(body.items).toHaveLength(20);
    expect(body.items[0]).toMatchObject({
      eventName: 'CreateAccessKey',
      principal: {
        type: 'AssumedRole',
        name: 'payments-api/botocore-session-1',
      },
      risks: [expect.objectContaining({ ruleId: 'access-key-created' })],
    });
    const second = await server
      .get(`${AUDIT}?limit=20&cursor=${body.nextCursor}`)
      .set(asUser());
    expect(second.body.items).toHaveLength(11);
    expect(second.body.nextCursor).toBeUndefined();
    expect(authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          resourceRef: 'component:default/payments-api',
        }),
      ],
      expect.anything(),
    );

    const risky = await server.get(`${AUDIT}?riskyOnly=true`).set(asUser());
    expect(risky.body.items.map((e: any) => e.eventName)).toEqual([
      'CreateAccessKey',
    ]);
  });

  it('answers an entity without AWS annotations with an empty timeline', async () => {
    const res = await server
      .get(`${BASE}/entities/default/component/legacy/audit`)
      .set(asUser());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hasAwsResources: false, items: [] });
  });

  it('lists risky events org-wide with the services they touched', async () => {
    const res = await server.get(`${BASE}/audit/risky`).set(asUser());
    expect(res.status).toBe(200);
    const body = res.body as RiskyEventsResponse;
    expect(body.items.map(e => [e.eventName, e.entityRefs])).toEqual([
      ['StopLogging', []],
      ['CreateAccessKey', ['component:default/payments-api']],
    ]);
  });

  it('refuses callers without permission', async () => {
    for (const path of [
      AUDIT,
      `${BASE}/audit/risky`,
      `${BASE}/audit/sources`,
    ]) {
      const res = await server.get(path).set(asUser(OUTSIDER));
      expect(res.status).toBe(403);
    }
  });

  it.each([
    ['limit=0'],
    ['limit=abc'],
    ['from=yesterday'],
    ['from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z'],
    ['riskyOnly=yes'],
    ['eventName=Drop%20Table'],
    ['cursor=%25%25'],
    ['unknown=1'],
  ])('answers 400 for the bad query %s', async query => {
    const res = await server.get(`${AUDIT}?${query}`).set(asUser());
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
  });

  it('answers 400 for a well-formed but forged cursor', async () => {
    const res = await server
      .get(`${AUDIT}?cursor=bm90LWEtY3Vyc29y`)
      .set(asUser());
    expect(res.status).toBe(400);
  });
});
