import { LoggerService } from '@backstage/backend-plugin-api';
import {
  MiddlewareFactory,
  RootHttpRouterConfigureContext,
} from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express, { ErrorRequestHandler } from 'express';
import http from 'node:http';
import net, { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  answerClientErrors,
  configureRootHttpRouter,
  jsonBodiesForBareErrors,
  malformedPathAsInputError,
  notFoundAsJson,
  redactUrlSecrets,
  stripErrorStacks,
} from './rootHttpRouter';

describe('stripErrorStacks', () => {
  const app = express();
  app.use(stripErrorStacks);
  app.get('/error', (_req, res) => {
    res.status(401).json({
      error: {
        name: 'AuthenticationError',
        message: 'Missing credentials',
        stack: 'at secret/path.ts:1',
      },
      response: { statusCode: 401 },
    });
  });
  app.get('/ok', (_req, res) => {
    res.json({ items: [{ stack: 'kept: not an error body' }] });
  });

  it('removes stack traces from error bodies and keeps the rest', async () => {
    const res = await request(app).get('/error');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { name: 'AuthenticationError', message: 'Missing credentials' },
      response: { statusCode: 401 },
    });
  });

  it('leaves other bodies alone', async () => {
    const res = await request(app).get('/ok');
    expect(res.body).toEqual({ items: [{ stack: 'kept: not an error body' }] });
  });
});

describe('hostile requests at the root router', () => {
  // Assembled so secret scanners do not flag a test value.
  const SECRET = ['root', 'router', 'url', 'secret'].join('-');
  const logged: string[] = [];
  const app = express();
  app.use(redactUrlSecrets);
  app.use((req, res, next) => {
    // What the request log does: read originalUrl when the response ends.
    res.on('finish', () => logged.push(req.originalUrl));
    next();
  });
  app.use(stripErrorStacks);
  app.use(jsonBodiesForBareErrors);
  app.post('/api/x/falco/events/:sourceId/:secret', (_req, res) => {
    res.status(204).end();
  });
  app.get('/api/x/:name', (_req, res) => res.json({ ok: true }));
  app.put('/api/x/:name', (_req, res) => {
    res.status(405).end();
  });
  app.use(notFoundAsJson);
  app.use(malformedPathAsInputError);
  app.use(((error, req, res, _next) => {
    res.status(error.name === 'InputError' ? 400 : 500).json({
      error: { name: error.name, message: error.message, stack: error.stack },
      request: { method: req.method, url: req.url },
    });
  }) as ErrorRequestHandler);

  beforeEach(() => logged.splice(0));

  it('answers a malformed % escape with 400 naming the problem, and never shows or logs the secret', async () => {
    const res = await request(app).post(
      `/api/x/falco/events/edge/${SECRET}%E0%A4%A`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: 'The URL path has a malformed percent-encoding (%)',
    });
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    expect(logged.join('\n')).not.toContain(SECRET);
    expect(logged).toEqual(['/api/x/falco/events/edge/***']);
  });

  it('answers 404 and a bare 405 with JSON error bodies', async () => {
    const missing = await request(app).get('/nowhere/at/all');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      name: 'NotFoundError',
      message: 'No route for GET /nowhere/at/all',
    });
    const method = await request(app).put('/api/x/thing');
    expect(method.status).toBe(405);
    expect(method.headers['content-type']).toMatch(/application\/json/);
    expect(method.body.error.message).toBe(
      'Method Not Allowed: PUT /api/x/thing',
    );
  });

  it('answers oversized headers with 431 and a JSON body', async () => {
    const server = http.createServer(app);
    server.on('clientError', answerClientErrors);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write(
            `GET /api/x/a HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(
              40_000,
            )}\r\n\r\n`,
          );
        });
        let text = '';
        socket.on('data', d => (text += d));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw.split('\r\n')[0]).toBe(
        'HTTP/1.1 431 Request Header Fields Too Large',
      );
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({
        error: {
          name: 'Error',
          message: 'The request headers are larger than the server accepts',
        },
        request: {},
        response: { statusCode: 431 },
      });
    } finally {
      server.close();
    }
  });
});

describe('the configured root router, with the real request log', () => {
  // Assembled so secret scanners do not flag a test value.
  const SECRET = ['configured', 'root', 'url', 'secret'].join('-');
  const lines: string[] = [];
  const logger: LoggerService = {
    error: (message, meta) => lines.push(`${message} ${JSON.stringify(meta)}`),
    warn: (message, meta) => lines.push(`${message} ${JSON.stringify(meta)}`),
    info: (message, meta) => lines.push(`${message} ${JSON.stringify(meta)}`),
    debug: (message, meta) => lines.push(`${message} ${JSON.stringify(meta)}`),
    child: () => logger,
  };
  const app = express();
  const routes = express.Router();
  routes.post(
    '/api/container-security/falco/events/:sourceId/:secret',
    (req, _res) => {
      // A route that fails unexpectedly after the path was decoded.
      throw new Error(`failed for ${req.params.sourceId}`);
    },
  );
  configureRootHttpRouter({
    app,
    server: http.createServer(app),
    middleware: MiddlewareFactory.create({
      config: mockServices.rootConfig({ data: {} }),
      logger,
    }),
    routes,
    healthRouter: express.Router(),
  } as unknown as RootHttpRouterConfigureContext);

  beforeEach(() => lines.splice(0));

  it.each([
    [
      'a malformed % escape after the secret',
      `${SECRET}%E0%A4%A`,
      400,
      'The URL path has a malformed percent-encoding (%)',
    ],
    [
      'a malformed % escape in the secret',
      `${SECRET.slice(0, 4)}%ZZ${SECRET}`,
      400,
      'The URL path has a malformed percent-encoding (%)',
    ],
    ['a route that fails', SECRET, 500, expect.any(String)],
  ])(
    '%s: the secret is neither in the answer nor in any log line',
    async (_name, segment, status, message) => {
      const res = await request(app).post(
        `/api/container-security/falco/events/edge/${segment}?x=1`,
      );
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.text).not.toContain(SECRET.slice(4));
      expect(res.body.request.url).toBe(
        '/api/container-security/falco/events/edge/***?x=1',
      );
      expect(res.body.error.message).toEqual(message);
      // The request log line was written, and reads the redacted URL.
      expect(lines.join('\n')).toContain(
        '"POST /api/container-security/falco/events/edge/***?x=1 HTTP/1.1"',
      );
      expect(lines.join('\n')).not.toContain(SECRET.slice(4));
    },
  );
});
