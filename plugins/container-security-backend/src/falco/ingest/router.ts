import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
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
 * committed (database or spool); never 429/503.
 */
export function createFalcoIngestRouter(
  options: FalcoIngestRouterOptions,
): express.Router {
  const { ingest, config, httpAuth } = options;
  const router = Router();

  const receive = async (
    req: express.Request,
    res: express.Response,
    sender: FalcoSender,
  ) => {
    const answer = await receiveFalcoBody(req, { sender, config, ingest });
    res.status(answer.status).json(answer.body);
  };

  router.post('/falco/events', async (req, res) =>
    receive(req, res, await authenticateWebhook(req, config, httpAuth)),
  );

  // First, before Express decodes the path parameters (a malformed % escape fails
  // there): the root request log and any error body print originalUrl, so keep any
  // secret, valid or not, out of it (valid ones are also redacted as config secrets).
  router.use('/falco/events', (req, _res, next) => {
    req.originalUrl = redactUrlSecret(req.originalUrl);
    next();
  });

  router.post('/falco/events/:sourceId/:secret', async (req, res) =>
    receive(
      req,
      res,
      authenticateUrlSecret(
        config.sources,
        req.params.sourceId,
        req.params.secret,
      ),
    ),
  );

  return router;
}
