import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../../__testUtils__/databases';
import { containerSecurityPlugin } from '../../plugin';
import { readFalcoFixtureLines } from '../__testUtils__/falcoFixtures';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const spool = createMockDirectory();
const SECRET = ['backend', 'test', 'falco', 'secret'].join('-');

describe.each(databases.eachSupportedId())(
  'Falco webhook in the plugin on %p',
  id => {
    let server: request.Agent;
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(id);
      const { server: httpServer } = await startTestBackend({
        features: [
          containerSecurityPlugin,
          mockServices.rootConfig.factory({
            data: {
              containerSecurity: {
                falco: {
                  sources: [{ id: 'sidekick', secret: SECRET, cluster: 'c1' }],
                  ingest: {
                    spoolDirectory: spool.path,
                    dbWriteTimeout: { seconds: 5 },
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
          catalogServiceMock.factory({ entities: [] }),
        ],
      });
      server = request.agent(httpServer);
    });

    it('takes events past the plugin JSON parser with exact nanoseconds, only with credentials', async () => {
      const [line] = readFalcoFixtureLines();
      const path = '/api/container-security/falco/events';
      await server.post(path).type('application/json').send(line).expect(401);
      await server
        .post(path)
        .set('x-falco-secret', SECRET)
        .type('application/json')
        .send(line)
        .expect(200, { accepted: 1 });
      await server
        .post(`${path}/sidekick/${SECRET}`)
        .type('application/json')
        .send(line)
        .expect(200);
      await server
        .post(path)
        .set('authorization', mockCredentials.service.header())
        .type('application/json')
        .send(line)
        .expect(200);
      await server
        .post(path)
        .set(
          'authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:catalog'),
            targetPluginId: 'container-security',
          }),
        )
        .type('application/json')
        .send(line)
        .expect(403);
      const rows = await knex('container_security_falco_alerts').select(
        'time_ms',
        'time_ns',
        'cluster',
      );
      expect(rows).toEqual([
        { time_ms: expect.anything(), time_ns: 445995, cluster: 'c1' },
      ]);
      expect(Number(rows[0].time_ms)).toBe(1685022245478);
    });
  },
);
