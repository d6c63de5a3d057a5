import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { NewFalcoAlert } from '../FalcoAlertStore';
import {
  authenticateUrlSecret,
  authenticateWebhook,
  FalcoSender,
} from './authenticate';
import { FalcoIngestConfig } from './config';
import { FalcoIngestService } from './FalcoIngestService';
import {
  parseFalcoEvent,
  parseFalcoEventText,
  parseJsonExact,
  ParseContext,
} from './parseEvent';

/** Options of {@link createFalcoIngestRouter}. */
export interface FalcoIngestRouterOptions {
  ingest: FalcoIngestService;
  config: FalcoIngestConfig;
  httpAuth: HttpAuthService;
  logger: LoggerService;
}

/** One rejected line of a batch. */
interface Rejection {
  /** 1-based line (NDJSON) or array index + 1 (JSON array). */
  line: number;
  error: string;
}

const BATCH_TYPES = /ndjson|jsonl|json-seq|x-json-stream|json-lines/i;

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
  const rawBody = express.raw({
    type: () => true,
    limit: config.maxRequestBytes,
  });

  const receive = async (
    req: express.Request,
    res: express.Response,
    sender: FalcoSender,
  ) => {
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const context: ParseContext = {
      receivedAt: Date.now(),
      ingestSource: sender.ingestSource,
      sourceCluster: sender.cluster,
      clusterFields: config.clusterFields,
      hostnameClusters: config.hostnameClusters,
      maxEventBytes: config.maxEventBytes,
    };
    const trimmed = body.trim();
    if (trimmed === '') throw new InputError('Request body is empty');
    const isBatch =
      BATCH_TYPES.test(req.header('content-type') ?? '') ||
      trimmed.startsWith('[');

    if (!isBatch) {
      const result = parseFalcoEventText(trimmed, context);
      if (!result.ok)
        throw new InputError(`Invalid Falco event: ${result.error}`);
      await ingest.submit([result.alert]);
      res.status(200).json({ accepted: 1 });
      return;
    }

    const alerts: NewFalcoAlert[] = [];
    const rejected: Rejection[] = [];
    if (trimmed.startsWith('[')) {
      let events: unknown[];
      try {
        events = parseJsonExact(trimmed) as unknown[];
      } catch (error) {
        throw new InputError(
          `Request body is not valid JSON: ${(error as Error).message.slice(
            0,
            200,
          )}`,
        );
      }
      events.forEach((event, i) => {
        const result = parseFalcoEvent(event, context);
        if (result.ok) alerts.push(result.alert);
        else rejected.push({ line: i + 1, error: result.error });
      });
    } else {
      body.split('\n').forEach((line, i) => {
        if (line.trim() === '') return;
        const result = parseFalcoEventText(line, context);
        if (result.ok) alerts.push(result.alert);
        else rejected.push({ line: i + 1, error: result.error });
      });
    }
    if (alerts.length === 0) {
      const detail = rejected
        .slice(0, 20)
        .map(r => `line ${r.line}: ${r.error}`)
        .join('; ');
      throw new InputError(`No valid Falco event in the batch: ${detail}`);
    }
    await ingest.submit(alerts);
    res
      .status(rejected.length > 0 ? 207 : 200)
      .json({ accepted: alerts.length, rejected });
  };

  router.post(
    '/falco/events',
    async (req, _res, next) => {
      (req as any).falcoSender = await authenticateWebhook(
        req,
        config.sources,
        httpAuth,
      );
      next();
    },
    rawBody,
    async (req, res) => receive(req, res, (req as any).falcoSender),
  );

  router.post(
    '/falco/events/:sourceId/:secret',
    async (req, _res, next) => {
      // The root request log prints originalUrl when the response ends: keep any secret,
      // valid or not, out of it (valid ones are also redacted as config secrets).
      req.originalUrl = req.originalUrl.replace(
        /(\/falco\/events\/[^/?]+\/)[^/?]+/,
        '$1***',
      );
      (req as any).falcoSender = authenticateUrlSecret(
        config.sources,
        req.params.sourceId,
        req.params.secret,
      );
      next();
    },
    rawBody,
    async (req, res) => receive(req, res, (req as any).falcoSender),
  );

  return router;
}
