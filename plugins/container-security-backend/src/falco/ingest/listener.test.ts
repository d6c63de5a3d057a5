import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import http from 'node:http';
import { createTestDatabases } from '../../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../../migrations/openDatabase';
import { DatabaseFalcoAlertStore } from '../DatabaseFalcoAlertStore';
import { captureLogger } from '../__testUtils__/captureLogger';
import { readFalcoFixtureLines } from '../__testUtils__/falcoFixtures';
import { FalcoIngestConfig } from './config';
import { FalcoIngestService } from './FalcoIngestService';
import { FalcoSpool } from './FalcoSpool';
import { FalcoIngestListener, startFalcoIngestListener } from './listener';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const spoolDir = createMockDirectory();

// Assembled so secret scanners do not flag a test value.
const SECRET = ['listener', 'falco', 'shared', 'secret', '9'].join('-');
const URL_SECRET = ['listener', 'falco', 'url', 'secret', '3'].join('-');

const config = (): FalcoIngestConfig => ({
  sources: [
    { id: 'sidekick', secret: SECRET, cluster: 'eks-a', allowUrlSecret: false },
    { id: 'falco', secret: URL_SECRET, allowUrlSecret: true },
  ],
  maxRequestBytes: 8 * 1024,
  maxEventBytes: 4 * 1024,
  maxEventsPerRequest: 10_000,
  spoolDirectory: spoolDir.path,
  batchMaxEvents: 500,
  dbWriteTimeoutMs: 5000,
  acknowledgeAfter: 'database',
  drainIntervalMs: 50,
  clusterFields: ['cluster'],
  hostnameClusters: [],
  allowedServicePrincipals: ['external:test-service'],
});

const lines = readFalcoFixtureLines();

describe.each(databases.eachSupportedId())(
  'Falco ingest listener on %p',
  id => {
    let knex: Knex;
    let store: DatabaseFalcoAlertStore;
    let ingest: FalcoIngestService;
    let listener: FalcoIngestListener;
    let logger: ReturnType<typeof captureLogger>;

    const post = (
      path: string,
      body: string,
      headers: Record<string, string> = {},
    ) =>
      fetch(`http://127.0.0.1:${listener.port}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });

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
        dbWriteTimeoutMs: 5000,
      });
      listener = await startFalcoIngestListener({
        host: '127.0.0.1',
        port: 0,
        ingest,
        config: config(),
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.none(),
        }),
        logger,
      });
    });

    afterEach(async () => {
      await listener.close();
      await ingest.stop();
    });

    it('checks the secret on every request of a kept-alive connection', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const send = (secret: string, body: string) =>
        new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
          const req = http.request(
            {
              host: '127.0.0.1',
              port: listener.port,
              path: '/falco/events',
              method: 'POST',
              agent,
              headers: {
                'content-type': 'application/json',
                'x-falco-secret': secret,
              },
            },
            res => {
              res.resume();
              res.on('end', () =>
                resolve({ status: res.statusCode!, socket: req.socket }),
              );
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      const first = await send(SECRET, lines[0]);
      const wrong = await send(`${SECRET}x`, lines[1]);
      const other = await send(URL_SECRET, lines[2]);
      const again = await send(SECRET, lines[3]);
      agent.destroy();
      expect([first, wrong, other, again].map(r => r.status)).toEqual([
        200, 401, 200, 200,
      ]);
      // All on one connection, so the checks after the first were not skipped.
      expect(
        new Set([first, wrong, other, again].map(r => r.socket)).size,
      ).toBe(1);
      const { items } = await store.listAlerts({});
      expect(items.map(a => a.ingestSource).sort()).toEqual([
        'falco',
        'sidekick',
        'sidekick',
      ]);
    });

    it('stores events sent with the header secret, a service token or the URL secret', async () => {
      const header = await post('/falco/events', lines[0], {
        'x-falco-secret': SECRET,
      });
      const token = await post(
        '/api/container-security/falco/events',
        lines[1],
        {
          authorization: mockCredentials.service.header(),
        },
      );
      const url = await post(`/falco/events/falco/${URL_SECRET}`, lines[2]);
      expect([header.status, token.status, url.status]).toEqual([
        200, 200, 200,
      ]);
      expect(await header.json()).toEqual({ accepted: 1 });
      const { items } = await store.listAlerts({});
      expect(
        Object.fromEntries(items.map(a => [a.ingestSource, a.cluster ?? null])),
      ).toEqual({
        sidekick: 'eks-a',
        'token:external:test-service': null,
        falco: null,
      });
      // Nanoseconds beyond 2^53 survive, as on the Backstage route.
      const first = items.find(a => a.ingestSource === 'sidekick')!;
      expect(first.outputFields['evt.time']).toBe(
        /"evt\.time":(\d+)/.exec(lines[0])![1],
      );
    });

    it('refuses missing or wrong credentials with 401, stores nothing and logs no secret', async () => {
      const statuses = await Promise.all([
        post('/falco/events', lines[0]),
        post('/falco/events', lines[0], { 'x-falco-secret': `${SECRET}x` }),
        post('/falco/events', lines[0], {
          authorization: mockCredentials.user.header(),
        }),
        post(`/falco/events/sidekick/${SECRET}`, lines[0]),
        post(`/falco/events/falco/${SECRET}`, lines[0]),
      ]);
      expect(statuses.map(r => r.status)).toEqual([401, 401, 401, 401, 401]);
      const body = await statuses[4].json();
      expect(body.error.name).toBe('AuthenticationError');
      expect(JSON.stringify(body)).not.toContain(SECRET);
      expect(await store.countAlerts()).toBe(0);
      expect(logger.lines.join('\n')).not.toContain(SECRET);
    });

    it('answers a malformed % escape around the URL secret with 400, storing nothing and logging no secret', async () => {
      for (const path of [
        `/falco/events/falco/${URL_SECRET}%E0%A4%A`,
        `/api/container-security/falco/events/falco/${URL_SECRET}%ZZ`,
        `/falco/events/fal%co/${URL_SECRET}`,
      ]) {
        const res = await post(path, lines[0]);
        const text = await res.text();
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(JSON.parse(text).error.message).toBe(
          'The URL path has a malformed percent-encoding (%)',
        );
        expect(text).not.toContain(URL_SECRET);
      }
      expect(await store.countAlerts()).toBe(0);
      expect(logger.lines.join('\n')).not.toContain(URL_SECRET);
    });

    it('answers bad input with a 4xx that names the problem, without a stack', async () => {
      const auth = { 'x-falco-secret': SECRET };
      const invalid = await post('/falco/events', '{"rule":"x"}', auth);
      expect(invalid.status).toBe(400);
      const invalidBody = await invalid.json();
      expect(invalidBody.error.message).toMatch(/Invalid Falco event/);
      expect(invalidBody.error.stack).toBeUndefined();

      const partial = await post(
        '/falco/events',
        `${lines[3]}\nnot json\n${lines[4]}`,
        { ...auth, 'content-type': 'application/x-ndjson' },
      );
      expect(partial.status).toBe(207);
      expect(await partial.json()).toMatchObject({
        accepted: 2,
        rejected: [{ line: 2 }],
      });

      const tooLarge = await post('/falco/events', 'x'.repeat(9 * 1024), auth);
      expect(tooLarge.status).toBe(413);
      expect((await tooLarge.json()).error.message).toMatch(
        /larger than the limit of 8192 bytes/,
      );

      const wrongPath = await post('/falco/other', lines[0], auth);
      expect(wrongPath.status).toBe(404);
      const get = await fetch(
        `http://127.0.0.1:${listener.port}/falco/events`,
        { headers: auth },
      );
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      expect(await store.countAlerts()).toBe(2);
    });
  },
);
