import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import express from 'express';
import { parse, stringify } from 'lossless-json';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../../migrations/openDatabase';
import { createErrorHandler } from '../../http/errorHandler';
import { DatabaseFalcoAlertStore } from '../DatabaseFalcoAlertStore';
import { captureLogger } from '../__testUtils__/captureLogger';
import { readFalcoFixtureLines } from '../__testUtils__/falcoFixtures';
import { FalcoIngestConfig } from './config';
import { FalcoIngestService } from './FalcoIngestService';
import { FalcoSpool } from './FalcoSpool';
import { createFalcoIngestRouter } from './router';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const spoolDir = createMockDirectory();

// Assembled so secret scanners do not flag a test value.
const SECRET = ['prod', 'falco', 'shared', 'secret', '42'].join('-');
const URL_SECRET = ['edge', 'falco', 'url', 'secret', '7'].join('-');

const baseConfig = (): FalcoIngestConfig => ({
  sources: [
    {
      id: 'prod-sidekick',
      secret: SECRET,
      cluster: 'eks-prod',
      allowUrlSecret: false,
    },
    { id: 'edge-falco', secret: URL_SECRET, allowUrlSecret: true },
  ],
  maxRequestBytes: 256 * 1024,
  maxEventBytes: 16 * 1024,
  maxEventsPerRequest: 10_000,
  spoolDirectory: spoolDir.path,
  batchMaxEvents: 500,
  dbWriteTimeoutMs: 2000,
  acknowledgeAfter: 'database',
  drainIntervalMs: 50,
  clusterFields: ['cluster'],
  hostnameClusters: [{ pattern: /^aks-.*$/i, cluster: 'aks-lab' }],
  // The subject of mockCredentials.service().
  allowedServicePrincipals: ['external:test-service'],
});

const lines = readFalcoFixtureLines();

describe.each(databases.eachSupportedId())('Falco ingest routes on %p', id => {
  let knex: Knex;
  let store: DatabaseFalcoAlertStore;
  let ingest: FalcoIngestService;
  let app: express.Express;
  let logger: ReturnType<typeof captureLogger>;

  beforeEach(async () => {
    spoolDir.clear();
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    store = DatabaseFalcoAlertStore.create(knex);
    logger = captureLogger();
    ingest = new FalcoIngestService({
      store,
      logger,
      spool: new FalcoSpool(spoolDir.path, logger),
      // Deterministic reads after each answer: wait for the commit in these tests.
      dbWriteTimeoutMs: 5000,
    });
    const router = createFalcoIngestRouter({
      ingest,
      config: baseConfig(),
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      logger,
    });
    router.use(createErrorHandler(logger));
    app = express().use(router);
  });

  afterEach(async () => {
    await ingest.stop();
  });

  const post = (path = '/falco/events') => request(app).post(path);

  describe('authentication', () => {
    it('rejects requests without credentials and stores nothing', async () => {
      const res = await post()
        .set('content-type', 'application/json')
        .send(lines[0]);
      expect(res.status).toBe(401);
      expect(res.body.error.name).toBe('AuthenticationError');
      expect(await store.countAlerts()).toBe(0);
    });

    it('rejects a wrong header secret, a user token and a wrong URL secret', async () => {
      const wrongHeader = await post()
        .set('x-falco-secret', `${SECRET}x`)
        .send(lines[0]);
      const user = await post()
        .set('authorization', mockCredentials.user.header())
        .send(lines[0]);
      const badToken = await post()
        .set('authorization', 'Bearer not-a-token')
        .send(lines[0]);
      const wrongUrl = await post(`/falco/events/edge-falco/${SECRET}`).send(
        lines[0],
      );
      // prod-sidekick only takes its secret in a header.
      const urlNotAllowed = await post(
        `/falco/events/prod-sidekick/${SECRET}`,
      ).send(lines[0]);
      const unknownSource = await post(
        `/falco/events/nobody/${URL_SECRET}`,
      ).send(lines[0]);
      expect(
        [
          wrongHeader,
          user,
          badToken,
          wrongUrl,
          urlNotAllowed,
          unknownSource,
        ].map(r => r.status),
      ).toEqual([401, 401, 401, 401, 401, 401]);
      // The wrong URL secret is not echoed back in the error body.
      expect(JSON.stringify(wrongUrl.body)).not.toContain(SECRET);
      expect(wrongUrl.body.request.url).toBe('/falco/events/edge-falco/***');
      expect(await store.countAlerts()).toBe(0);
    });

    it('accepts a service token, the header secret and the URL secret, and logs no secret', async () => {
      const token = await post()
        .set('authorization', mockCredentials.service.header())
        .set('content-type', 'application/json')
        .send(lines[0]);
      const header = await post().set('x-falco-secret', SECRET).send(lines[1]);
      const url = await post(`/falco/events/edge-falco/${URL_SECRET}`)
        .set('content-type', 'application/json')
        .send(lines[2]);
      expect([token.status, header.status, url.status]).toEqual([
        200, 200, 200,
      ]);
      expect(token.body).toEqual({ accepted: 1 });
      const items = (await store.listAlerts({})).items;
      expect(
        Object.fromEntries(items.map(a => [a.ingestSource, a.cluster ?? null])),
      ).toEqual({
        'token:external:test-service': null,
        'prod-sidekick': 'eks-prod',
        'edge-falco': null,
      });
      const logged = logger.lines.join('\n');
      expect(logged).not.toContain(SECRET);
      expect(logged).not.toContain(URL_SECRET);
    });

    it('refuses a valid service token whose principal is not allow-listed, naming the rule', async () => {
      const res = await post()
        .set(
          'authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:catalog'),
            // The plugin id of a standalone mock httpAuth.
            targetPluginId: 'test',
          }),
        )
        .set('content-type', 'application/json')
        .send(lines[0]);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toContain("'plugin:catalog'");
      expect(res.body.error.message).toContain(
        'containerSecurity.falco.ingest.allowedServicePrincipals',
      );
      expect(await store.countAlerts()).toBe(0);
    });
  });

  describe('events', () => {
    const auth = { 'x-falco-secret': SECRET };

    it('stores every public sample event with its exact time and all fields', async () => {
      for (const line of lines) {
        const res = await post()
          .set(auth)
          .set('content-type', 'application/json')
          .send(line);
        expect(res.status).toBe(200);
      }
      expect(await store.countAlerts()).toBe(24);
      const { items } = await store.listAlerts({ limit: 100 });
      const aks = items.find(a => a.time === '2025-11-24T13:22:11.153390386Z')!;
      expect(aks.timeEpochNs).toBe('1763990531153390386');
      expect(aks.outputFields['evt.time']).toBe('1763990531153390386');
      expect(aks.outputFields['proc.aname[3]']).toBeNull();
      expect(aks.tags).toContain('mitre_credential_access');
      expect(aks.container).toBe('hellofalco');
      // Fixture 19 carries string numbers and no evt.time; kept as sent.
      const drop = items.find(
        a => a.rule === 'Falco internal: syscall event drop',
      )!;
      expect(drop.priority).toBe('Debug');
      expect(drop.outputFields.n_drops).toBe(
        JSON.parse(lines[18]).output_fields.n_drops,
      );
    });

    it('keeps a nanosecond evt.time beyond 2^53 exactly', async () => {
      const event = lines[0].replace(
        '"evt.time":1685022245478445995',
        '"evt.time":9007199254740993123',
      );
      await post().set(auth).send(event).expect(200);
      const [alert] = (await store.listAlerts({})).items;
      expect(alert.outputFields['evt.time']).toBe('9007199254740993123');
      expect(alert.time).toBe('2023-05-25T13:44:05.478445995Z');
    });

    it.each([
      [
        { priority: undefined },
        'priority: Invalid input: expected string, received undefined',
      ],
      [{ priority: 'Severe' }, 'priority: must be one of'],
      [{ time: 'yesterday' }, 'time: must be an RFC 3339 timestamp'],
      [{ rule: '' }, 'rule: must not be empty'],
      [
        { output: 42 },
        'output: Invalid input: expected string, received number',
      ],
    ])('answers 400 naming the problem for %p', async (change, message) => {
      const event = { ...JSON.parse(lines[0]), ...change };
      const res = await post()
        .set(auth)
        .set('content-type', 'application/json')
        .send(JSON.stringify(event));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
      expect(await store.countAlerts()).toBe(0);
    });

    it('accepts Falco priorities in any case and Info for Informational', async () => {
      const event = (priority: string, rule: string) =>
        JSON.stringify({ ...JSON.parse(lines[0]), priority, rule });
      await post().set(auth).send(event('WARNING', 'a')).expect(200);
      await post().set(auth).send(event('info', 'b')).expect(200);
      const { items } = await store.listAlerts({});
      expect(items.map(a => a.priority).sort()).toEqual([
        'Informational',
        'Warning',
      ]);
    });

    it('rejects invalid JSON, oversized events and oversized requests', async () => {
      const invalid = await post().set(auth).send('{"rule": ');
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toContain('not valid JSON');

      const big = JSON.stringify({
        ...JSON.parse(lines[0]),
        output: 'x'.repeat(20 * 1024),
      });
      const tooBigEvent = await post().set(auth).send(big);
      expect(tooBigEvent.status).toBe(400);
      expect(tooBigEvent.body.error.message).toContain('exceeds the limit');

      const tooBigRequest = await post()
        .set(auth)
        .set('content-type', 'application/x-ndjson')
        .send(`${lines[0]}\n`.repeat(400));
      expect(tooBigRequest.status).toBe(413);
      expect(await store.countAlerts()).toBe(0);
    });

    it('stores the good lines of an NDJSON batch and names the rejected ones', async () => {
      const body = [
        lines[0],
        '{"rule":"x"}',
        lines[1],
        'not json',
        '',
        lines[2],
      ].join('\n');
      const res = await post()
        .set(auth)
        .set('content-type', 'application/x-ndjson')
        .send(body);
      expect(res.status).toBe(207);
      expect(res.body.accepted).toBe(3);
      expect(res.body.rejected).toEqual([
        {
          line: 2,
          error: expect.stringContaining(
            'time: Invalid input: expected string, received undefined',
          ),
        },
        { line: 4, error: expect.stringContaining('not valid JSON') },
      ]);
      expect(await store.countAlerts()).toBe(3);

      const allBad = await post()
        .set(auth)
        .set('content-type', 'application/x-ndjson')
        .send('{}\n{"time":1}');
      expect(allBad.status).toBe(400);
      expect(allBad.body.error.message).toContain('line 1:');

      const array = await post().set(auth).send(`[${lines[3]},${lines[4]}]`);
      expect(array.status).toBe(200);
      expect(array.body).toEqual({ accepted: 2, rejected: [] });
      expect(await store.countAlerts()).toBe(5);
    });

    it('de-duplicates by uuid, and by a stable hash without one', async () => {
      const uuid = '4f5e0c41-2b7a-4d8e-9a51-0d7e2c3b9f10';
      const withUuid = JSON.stringify({ ...JSON.parse(lines[0]), uuid });
      await post().set(auth).send(withUuid).expect(200);
      // Falcosidekick retried with the same uuid: one row.
      await post().set(auth).send(withUuid).expect(200);
      // Falco's http_output without uuid, posted twice with keys reordered.
      await post().set(auth).send(lines[5]).expect(200);
      // lossless-json keeps evt.time exact while the keys are reordered.
      const reordered = stringify(
        Object.fromEntries(
          Object.entries(parse(lines[5]) as Record<string, unknown>).reverse(),
        ),
      )!;
      expect(reordered).not.toBe(lines[5]);
      await post().set(auth).send(reordered).expect(200);
      await post()
        .set(auth)
        .set('content-type', 'application/x-ndjson')
        .send([withUuid, lines[5]].join('\n'))
        .expect(200);
      expect(await store.countAlerts()).toBe(2);
      expect((await store.getAlert(uuid))?.extraFields).toEqual({ uuid });
    });

    it('records the cluster from a custom field or the hostname map, and keeps unknown fields', async () => {
      const custom = JSON.stringify({
        ...JSON.parse(lines[1]),
        output_fields: {
          ...JSON.parse(lines[1]).output_fields,
          cluster: 'gke-eu',
        },
        falcosidekick_extra: { a: 1 },
      });
      await post(`/falco/events/edge-falco/${URL_SECRET}`)
        .send(custom)
        .expect(200);
      await post(`/falco/events/edge-falco/${URL_SECRET}`)
        .send(lines[20])
        .expect(200);
      const { items } = await store.listAlerts({});
      expect(items.map(a => a.cluster)).toEqual(['aks-lab', 'gke-eu']);
      expect(items[1].extraFields).toEqual({ falcosidekick_extra: { a: 1 } });
      expect(items[1].outputFields.cluster).toBe('gke-eu');
    });
  });
});
