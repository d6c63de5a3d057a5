import path from 'node:path';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { parseFalcoEventText } from '../ingest/parseEvent';
import { readFalcoReplayConfig } from './config';
import { FalcoDemoReplayer, stampEvent } from './FalcoDemoReplayer';

const EXAMPLES = path.resolve(
  __dirname,
  '../../../../../examples/falco/events.jsonl',
);
const NOW = Date.parse('2026-11-22T10:00:07.123Z');
const WEBHOOK = 'http://localhost:7007/api/container-security/falco/events';

const server = setupServer();
registerMswTestHooks(server);

const parse = (text: string) =>
  parseFalcoEventText(text, {
    receivedAt: NOW,
    clusterFields: [],
    hostnameClusters: [],
    maxEventBytes: 1_000_000,
  });

describe('stampEvent', () => {
  it('moves an event to now with exact nanoseconds and keeps everything else', () => {
    const original =
      '{"uuid":"x","time":"2023-05-25T13:44:05.478445995Z","rule":"r","priority":"Critical","output":"13:44:05.478445995: Critical shell (pod=a)","output_fields":{"evt.time":1685022245478445995,"k8s.ns.name":"storefront","proc.tty":34816}}';
    const stamped = stampEvent(original, NOW);
    expect(stamped).toContain(`"evt.time":${NOW}000000,`);
    expect(stamped).toContain('"time":"2026-11-22T10:00:07.123000000Z"');
    expect(stamped).toContain(
      '"output":"10:00:07.123000000: Critical shell (pod=a)"',
    );
    expect(stamped).toContain('"proc.tty":34816');
    expect(stamped).not.toContain('uuid');
  });
});

describe('FalcoDemoReplayer', () => {
  const rootConfig = mockServices.rootConfig({
    data: {
      containerSecurity: {
        falco: {
          sources: [{ id: 'demo', secret: 'a-demo-secret-of-some-length' }],
          demo: {
            replay: {
              path: EXAMPLES,
              interval: { seconds: 5 },
            },
          },
        },
      },
    },
  });
  const discovery = {
    getBaseUrl: async () => 'http://localhost:7007/api/container-security',
    getExternalBaseUrl: async () =>
      'http://localhost:7007/api/container-security',
  };

  it('reads its config and stays off without it', () => {
    expect(readFalcoReplayConfig(rootConfig, '/')).toEqual({
      path: EXAMPLES,
      intervalMs: 5000,
      sourceId: undefined,
    });
    expect(
      readFalcoReplayConfig(mockServices.rootConfig({ data: {} }), '/'),
    ).toBeUndefined();
  });

  it('posts the example events, each valid for the webhook, with a service token', async () => {
    const received: Array<{ auth: string | null; body: string }> = [];
    server.use(
      http.post(WEBHOOK, async ({ request }) => {
        received.push({
          auth: request.headers.get('authorization'),
          body: await request.text(),
        });
        return HttpResponse.json({ accepted: 1 }, { status: 202 });
      }),
    );
    const replayer = new FalcoDemoReplayer({
      config: readFalcoReplayConfig(rootConfig, '/')!,
      rootConfig,
      discovery,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    for (let i = 0; i < 12; i++) {
      expect(await replayer.postNext(NOW + i * 5000)).toBe(202);
    }
    expect(received).toHaveLength(12);
    expect(received[0].auth).toMatch(/^Bearer /);
    const alerts = received.map(r => {
      const result = parse(r.body);
      if (!result.ok) throw new Error(result.error);
      return result.alert;
    });
    // Twelve different events, each stamped at the time it was sent.
    expect(new Set(alerts.map(a => a.id)).size).toBe(12);
    expect(new Set(alerts.map(a => a.rule)).size).toBeGreaterThan(4);
    expect(alerts.map(a => a.timeMs)).toEqual(
      Array.from({ length: 12 }, (_, i) => NOW + i * 5000),
    );
    expect(alerts.some(a => a.pod === 'cart-service-7c9d8f6b5-q2w4z')).toBe(
      true,
    );
  });

  it('can send a configured source secret instead, and reports refusals', async () => {
    const logger = mockServices.logger.mock();
    server.use(
      http.post(WEBHOOK, ({ request }) =>
        request.headers.get('x-falco-secret') === 'a-demo-secret-of-some-length'
          ? HttpResponse.json({ error: { message: 'no' } }, { status: 401 })
          : HttpResponse.json({}, { status: 500 }),
      ),
    );
    const replayer = new FalcoDemoReplayer({
      config: { ...readFalcoReplayConfig(rootConfig, '/')!, sourceId: 'demo' },
      rootConfig,
      discovery,
      auth: mockServices.auth(),
      logger,
    });
    expect(await replayer.postNext(NOW)).toBe(401);
    expect(logger.warn).toHaveBeenCalledWith(
      'Falco demo replay was not accepted',
      expect.not.objectContaining({ secret: expect.anything() }),
    );
    expect(JSON.stringify((logger.warn as jest.Mock).mock.calls)).not.toContain(
      'a-demo-secret-of-some-length',
    );
  });
});
