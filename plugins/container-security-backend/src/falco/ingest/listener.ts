import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { STATUS_BY_ERROR_NAME } from '../../http/errorHandler';
import {
  authenticateUrlSecret,
  authenticateWebhook,
  FalcoSender,
} from './authenticate';
import { FalcoIngestConfig } from './config';
import { FalcoIngestService } from './FalcoIngestService';
import { receiveFalcoBody } from './receiveFalcoBody';

/** Options of {@link startFalcoIngestListener}. */
export interface FalcoIngestListenerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  ingest: FalcoIngestService;
  config: FalcoIngestConfig;
  httpAuth: HttpAuthService;
  logger: LoggerService;
}

/** A running listener. */
export interface FalcoIngestListener {
  port: number;
  close(): Promise<void>;
}

// The same paths as the Backstage route, with or without the plugin's /api prefix, so a
// sender moves between the two by changing only the port.
const HEADER_PATH = /^(?:\/api\/container-security)?\/falco\/events\/?$/;
const URL_SECRET_PATH =
  /^(?:\/api\/container-security)?\/falco\/events\/([^/]+)\/([^/]+)\/?$/;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(
      400,
      'The URL path has a malformed percent-encoding (%)',
    );
  }
}

function send(res: http.ServerResponse, status: number, body: object) {
  const json = JSON.stringify(body);
  // Headers as a flat list: Node writes them as given, without normalising an object.
  res.writeHead(status, [
    'content-type',
    'application/json; charset=utf-8',
    'content-length',
    String(Buffer.byteLength(json)),
  ]);
  res.end(json);
}

/**
 * A dedicated HTTP listener for the Falco webhook, beside the Backstage route
 * (`containerSecurity.falco.ingest.listener`). It serves the same two paths with the same
 * authentication, validation and acknowledgement rules, without the backend's shared
 * middleware (security headers, CORS, compression, per-request logging), which costs
 * more than parsing and storing an event. For fleets whose Falcosidekick instances post
 * thousands of events a second, one request each.
 */
export async function startFalcoIngestListener(
  options: FalcoIngestListenerOptions,
): Promise<FalcoIngestListener> {
  const { config, ingest, httpAuth, logger } = options;

  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const pathname = (req.url ?? '/').split('?', 1)[0];
    const urlSecret = URL_SECRET_PATH.exec(pathname);
    if (!urlSecret && !HEADER_PATH.test(pathname)) {
      throw new HttpError(404, 'Not found: POST to /falco/events');
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      throw new HttpError(405, `Method ${req.method} not allowed; use POST`);
    }
    const sender: FalcoSender = urlSecret
      ? authenticateUrlSecret(
          config.sources,
          decodePathSegment(urlSecret[1]),
          decodePathSegment(urlSecret[2]),
        )
      : await authenticateWebhook(req, config, httpAuth);
    const answer = await receiveFalcoBody(req, { sender, config, ingest });
    send(res, answer.status, answer.body);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      const status =
        error instanceof HttpError
          ? error.status
          : STATUS_BY_ERROR_NAME[error?.name] ?? 500;
      if (status >= 500) {
        // Never the URL: it may hold a source secret.
        logger.error('Falco ingest listener failed a request', {
          error: String(error),
        });
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(res, status, {
        error: {
          name: error instanceof HttpError ? 'HttpError' : error.name,
          message: status >= 500 ? 'Internal error' : error.message,
        },
        response: { statusCode: status },
      });
    });
  });
  // Senders keep connections open between events; bound how long a slow or idle peer
  // may hold one.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info(`Falco ingest listener on ${options.host}:${port}`);
  return {
    port,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
