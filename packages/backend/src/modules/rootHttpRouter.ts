import {
  RootHttpRouterConfigureContext,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import { ErrorRequestHandler, RequestHandler } from 'express';
import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';

// The Falco ingest route that carries a source secret in its path
// (`/api/container-security/falco/events/<sourceId>/<secret>`).
const URL_SECRET = /(\/falco\/events\/[^/?]+\/)[^/?]+/;

/** `url` with a secret path segment replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(URL_SECRET, '$1***');
}

/**
 * Replaces a secret path segment in `originalUrl` as the request arrives, before any
 * router decodes the path (which fails on a malformed % escape) and before the request
 * log reads it when the response ends.
 */
export const redactUrlSecrets: RequestHandler = (req, _res, next) => {
  req.originalUrl = redactUrl(req.originalUrl);
  next();
};

/**
 * Removes `error.stack` from JSON error bodies, and any secret from their
 * `request.url`. Backstage adds stack traces to error responses whenever NODE_ENV is
 * `development`, which is how `yarn start` runs the demo portal, and each plugin router
 * has its own error handler, so this filter sits in front of all of them.
 */
export const stripErrorStacks: RequestHandler = (_req, res, next) => {
  const json = res.json.bind(res);
  res.json = (body?: any) => {
    if (!body?.error || typeof body.error !== 'object') return json(body);
    const { stack: _stack, ...error } = body.error;
    const request =
      typeof body.request?.url === 'string'
        ? { ...body.request, url: redactUrl(body.request.url) }
        : body.request;
    return json({ ...body, error, ...(request ? { request } : {}) });
  };
  next();
};

function errorBody(
  status: number,
  method: string | undefined,
  url: string | undefined,
  message: string,
) {
  const name = status === 404 ? 'NotFoundError' : 'Error';
  return JSON.stringify({
    error: { name, message },
    request: { method, url: url === undefined ? url : redactUrl(url) },
    response: { statusCode: status },
  });
}

/**
 * Gives every error answer a JSON body: answers that end with a 4xx or 5xx status and
 * no body of their own (`res.status(405).end()`, or the not-found fallback) get
 * Backstage's error body shape, so clients can read every error the same way.
 */
export const jsonBodiesForBareErrors: RequestHandler = (req, res, next) => {
  const end = res.end.bind(res) as (...args: any[]) => typeof res;
  res.end = ((...args: any[]) => {
    const [chunk] = args;
    const empty =
      chunk === undefined ||
      typeof chunk === 'function' ||
      (typeof chunk === 'string' && chunk === '') ||
      (Buffer.isBuffer(chunk) && chunk.length === 0);
    if (
      res.statusCode >= 400 &&
      empty &&
      !res.headersSent &&
      req.method !== 'HEAD'
    ) {
      const message = `${STATUS_CODES[res.statusCode] ?? 'Error'}: ${
        req.method
      } ${redactUrl(req.originalUrl)}`;
      const body = errorBody(
        res.statusCode,
        req.method,
        req.originalUrl,
        message,
      );
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('content-length', Buffer.byteLength(body));
      return end(body);
    }
    return end(...args);
  }) as typeof res.end;
  next();
};

/** The final fallback: 404 with a JSON body naming what was not found. */
export const notFoundAsJson: RequestHandler = (req, res) => {
  res.status(404).json({
    error: {
      name: 'NotFoundError',
      message: `No route for ${req.method} ${redactUrl(req.originalUrl)}`,
    },
    request: { method: req.method, url: redactUrl(req.originalUrl) },
    response: { statusCode: 404 },
  });
};

/**
 * Turns Express's URIError (a path segment with a malformed % escape) into a 400 whose
 * message names the problem without echoing the segment, which may be a secret.
 */
export const malformedPathAsInputError: ErrorRequestHandler = (
  error,
  _req,
  _res,
  next,
) => {
  if (error?.name === 'URIError') {
    const input = new Error(
      'The URL path has a malformed percent-encoding (%)',
    );
    input.name = 'InputError';
    next(input);
    return;
  }
  next(error);
};

/**
 * Answers requests Node's HTTP parser refuses before Express sees them (headers too
 * large: 431; malformed requests: 400) with a JSON error body instead of an empty one.
 */
export function answerClientErrors(error: any, socket: Socket) {
  if (error?.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  let status = 400;
  if (error?.code === 'HPE_HEADER_OVERFLOW') status = 431;
  else if (error?.code === 'ERR_HTTP_REQUEST_TIMEOUT') status = 408;
  const messages: Record<number, string> = {
    400: 'The request is not valid HTTP',
    408: 'The request took too long to arrive',
    431: 'The request headers are larger than the server accepts',
  };
  const body = errorBody(status, undefined, undefined, messages[status]);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The root router's middleware, in order (exported for its test). */
export function configureRootHttpRouter({
  app,
  server,
  middleware,
  routes,
  healthRouter,
}: RootHttpRouterConfigureContext) {
  server.on('clientError', answerClientErrors);
  app.use(redactUrlSecrets);
  app.use(middleware.helmet());
  app.use(middleware.cors());
  app.use(middleware.compression());
  app.use(middleware.logging());
  app.use(middleware.rateLimit());
  app.use(stripErrorStacks);
  app.use(jsonBodiesForBareErrors);
  app.use(healthRouter);
  app.use(routes);
  app.use(notFoundAsJson);
  app.use(malformedPathAsInputError);
  app.use(middleware.error({ showStackTraces: false }));
}

/**
 * Backstage's default root router with secrets redacted from URLs before anything can
 * fail, stack traces stripped, and a JSON body on every error answer.
 */
export const rootHttpRouterWithoutStackTraces = rootHttpRouterServiceFactory({
  configure: configureRootHttpRouter,
});
