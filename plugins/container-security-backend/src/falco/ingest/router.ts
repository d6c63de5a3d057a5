import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import { IncomingMessage } from 'node:http';
import { createApiRouter } from '../../schema';
import { receiveFalcoBody } from './receiveFalcoBody';
import {
  authenticateUrlSecret,
  authenticateWebhook,
  FalcoSender,
} from './authenticate';
import { redactUrlSecret } from '../../http/errorHandler';
import { FalcoIngestConfig } from './config';
import { FalcoIngestService } from './FalcoIngestService';

/** Options of {@link createFalcoIngestRouter}. */
export interface FalcoIngestRouterOptions {
  ingest: FalcoIngestService;
  config: FalcoIngestConfig;
  httpAuth: HttpAuthService;
  logger: LoggerService;
}

/**
 * `POST /falco/events` (Falcosidekick webhook, NDJSON batches; header secret or
 * Backstage service token) and `POST /falco/events/:sourceId/:secret` (Falco's
 * http_output, which cannot send headers). Mounted before the plugin's JSON body parser:
 * bodies are read raw so nanosecond integers stay exact. Answers 200 once every event is
 * committed (database or spool); never 429/503. Typed from openapi.yaml like the other
 * routers; the spec's body schema only describes what is read here, no parser runs.
 */
export function createFalcoIngestRouter(
  options: FalcoIngestRouterOptions,
): express.Router {
  const { ingest, config, httpAuth } = options;
  const router = createApiRouter();

  const receive = (req: IncomingMessage, sender: FalcoSender) =>
    receiveFalcoBody(req, { sender, config, ingest });

  router.post('/falco/events', async (req, res) => {
    const sender = await authenticateWebhook(req, config, httpAuth);
    const answer = await receive(req, sender);
    res.status(answer.status).json(answer.body);
  });

  // First, before Express decodes the path parameters (a malformed % escape fails
  // there): the root request log and any error body print originalUrl, so keep any
  // secret, valid or not, out of it (valid ones are also redacted as config secrets).
  router.use('/falco/events', (req, _res, next) => {
    req.originalUrl = redactUrlSecret(req.originalUrl);
    next();
  });

  router.post('/falco/events/:sourceId/:secret', async (req, res) => {
    const { sourceId, secret } = req.params;
    const sender = authenticateUrlSecret(config.sources, sourceId, secret);
    const answer = await receive(req, sender);
    res.status(answer.status).json(answer.body);
  });

  return router;
}
