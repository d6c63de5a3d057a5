import { InputError } from '@backstage/errors';
import { NewFalcoAlert } from '../FalcoAlertStore';
import { FalcoSender } from './authenticate';
import { FalcoIngestConfig } from './config';
import { FalcoIngestService } from './FalcoIngestService';
import {
  parseFalcoEvent,
  parseFalcoEventText,
  parseJsonExact,
  ParseContext,
} from './parseEvent';

/** One rejected line of a batch. */
export interface FalcoRejection {
  /** 1-based line (NDJSON) or array index + 1 (JSON array). */
  line: number;
  error: string;
}

/** The answer to a webhook request whose events were all committed or rejected. */
export interface FalcoIngestAnswer {
  status: 200 | 207;
  body: { accepted: number; rejected?: FalcoRejection[] };
}

const BATCH_TYPES = /ndjson|jsonl|json-seq|x-json-stream|json-lines/i;

/**
 * Parses a webhook body (one event, a JSON array or NDJSON) and stores its valid events,
 * resolving only once they are committed (database or spool). Shared by the Backstage
 * route and the dedicated ingest listener, so both accept and reject exactly the same.
 * Throws InputError when nothing in the body is a valid event.
 */
export async function handleFalcoBody(options: {
  body: string;
  contentType: string | undefined;
  sender: FalcoSender;
  config: FalcoIngestConfig;
  ingest: FalcoIngestService;
}): Promise<FalcoIngestAnswer> {
  const { body, sender, config, ingest } = options;
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
    BATCH_TYPES.test(options.contentType ?? '') || trimmed.startsWith('[');

  if (!isBatch) {
    const result = parseFalcoEventText(trimmed, context);
    if (!result.ok)
      throw new InputError(`Invalid Falco event: ${result.error}`);
    await ingest.submit([result.alert]);
    return { status: 200, body: { accepted: 1 } };
  }

  const alerts: NewFalcoAlert[] = [];
  const rejected: FalcoRejection[] = [];
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
  return {
    status: rejected.length > 0 ? 207 : 200,
    body: { accepted: alerts.length, rejected },
  };
}
