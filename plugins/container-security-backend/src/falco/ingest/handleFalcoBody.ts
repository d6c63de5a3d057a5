import { InputError } from '@backstage/errors';
import { NewFalcoAlert } from '../FalcoAlertStore';
import { FalcoSender } from './authenticate';
import { FalcoIngestConfig } from './config';
import { FalcoIngestService } from './FalcoIngestService';
import {
  EventCountGuard,
  isBatchContentType,
  tooManyEvents,
} from './EventCountGuard';
import { detailsJson } from './detailsCodec';
import {
  JsonDepthError,
  parseFalcoEvent,
  parseFalcoEventText,
  parseJsonArrayExact,
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
  body: {
    accepted: number;
    /** Every rejected line (at most {@link MAX_REJECTED_EVENTS}). */
    rejected?: FalcoRejection[];
  };
}

/**
 * Invalid events one batch may hold: beyond this many the whole batch is refused (400)
 * without parsing the rest, since each rejection costs the event loop more than an
 * accepted event and a sender of Falco events sends few invalid ones.
 */
export const MAX_REJECTED_EVENTS = 100;

/** How far in the future (sender clock skew) an event's time may be. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

// A batch is parsed in slices of at most this long before other requests (and health
// checks) get the event loop back: one large batch must not stall every sender.
const SLICE_MS = 4;
const LINES_PER_CLOCK_READ = 32;

const yieldToEventLoop = () =>
  new Promise<void>(resolve => setImmediate(resolve));

function describeRejections(rejected: FalcoRejection[]): string {
  return rejected
    .slice(0, 20)
    .map(r => `line ${r.line}: ${r.error}`)
    .join('; ');
}

/** What parsing a sender's events needs to know, fixed at the request's arrival. */
export function parseContextOf(
  sender: FalcoSender,
  config: FalcoIngestConfig,
): ParseContext {
  return {
    receivedAt: Date.now(),
    ingestSource: sender.ingestSource,
    sourceCluster: sender.cluster,
    clusterFields: config.clusterFields,
    hostnameClusters: config.hostnameClusters,
    maxEventBytes: config.maxEventBytes,
    maxFutureMs: MAX_FUTURE_MS,
  };
}

/**
 * The events of one batch as they are parsed, line by line (NDJSON, also while the
 * body arrives) or element by element (JSON array): the valid ones to store, the
 * rejected ones to name in the answer. Throws InputError as soon as more than
 * {@link MAX_REJECTED_EVENTS} are invalid, so the rest is never parsed.
 */
export class FalcoBatch {
  private readonly alerts: NewFalcoAlert[] = [];
  private readonly rejected: FalcoRejection[] = [];

  constructor(private readonly context: ParseContext) {}

  /** One NDJSON line (1-based `line`); blank lines are skipped. */
  addLine(text: string, line: number): void {
    if (text.trim() === '') return;
    const result = parseFalcoEventText(text, this.context);
    if (result.ok) this.alerts.push(result.alert);
    else this.reject(line, result.error);
  }

  /** One parsed array element (1-based `index`). */
  addElement(event: unknown, index: number): void {
    const result = parseFalcoEvent(event, this.context);
    if (!result.ok) this.reject(index, result.error);
    else if (detailsJson(result.alert).length > this.context.maxEventBytes!) {
      // An array element has no text of its own: measure what it stores.
      this.reject(
        index,
        `event: its output and fields exceed the limit of ${this.context.maxEventBytes} bytes`,
      );
    } else this.alerts.push(result.alert);
  }

  private reject(line: number, error: string) {
    this.rejected.push({ line, error });
    if (this.rejected.length > MAX_REJECTED_EVENTS) {
      throw new InputError(
        `More than ${MAX_REJECTED_EVENTS} invalid Falco events in the batch; nothing was stored: ${describeRejections(
          this.rejected,
        )}`,
      );
    }
  }

  /** Stores the valid events; resolves once they are committed (database or spool). */
  async submitTo(ingest: FalcoIngestService): Promise<FalcoIngestAnswer> {
    if (this.alerts.length === 0) {
      throw new InputError(
        `No valid Falco event in the batch: ${describeRejections(
          this.rejected,
        )}`,
      );
    }
    await ingest.submit(this.alerts);
    return {
      status: this.rejected.length > 0 ? 207 : 200,
      body: { accepted: this.alerts.length, rejected: this.rejected },
    };
  }
}

/**
 * Parses a webhook body (one event, a JSON array or NDJSON) and stores its valid events,
 * resolving only once they are committed (database or spool). The HTTP entry points
 * parse NDJSON while it arrives (receiveFalcoBody) and hand every other body here, so
 * both accept and reject exactly the same.
 * Throws InputError when nothing in the body is a valid event or more than
 * {@link MAX_REJECTED_EVENTS} are invalid, PayloadTooLargeError
 * when it holds more than `maxEventsPerRequest` events (before parsing any).
 */
export async function handleFalcoBody(options: {
  body: string;
  contentType: string | undefined;
  sender: FalcoSender;
  config: FalcoIngestConfig;
  ingest: FalcoIngestService;
}): Promise<FalcoIngestAnswer> {
  const { body, sender, config, ingest } = options;
  const context = parseContextOf(sender, config);
  const limit = config.maxEventsPerRequest;
  const trimmed = body.trim();
  if (trimmed === '') throw new InputError('Request body is empty');
  const isArray = trimmed.startsWith('[');
  const isBatch = isBatchContentType(options.contentType) || isArray;

  if (!isBatch) {
    const result = parseFalcoEventText(trimmed, context);
    if (!result.ok)
      throw new InputError(`Invalid Falco event: ${result.error}`);
    await ingest.submit([result.alert]);
    return { status: 200, body: { accepted: 1 } };
  }

  // The same count readFalcoBody makes while a request arrives, for callers that
  // hand over a whole text.
  const excess = new EventCountGuard(limit, isBatch).feed(Buffer.from(trimmed));
  if (excess) throw tooManyEvents(excess, limit);

  const batch = new FalcoBatch(context);
  let sliceStart = performance.now();
  const maybeYield = async (i: number) => {
    if (i % LINES_PER_CLOCK_READ !== 0) return;
    if (performance.now() - sliceStart < SLICE_MS) return;
    await yieldToEventLoop();
    sliceStart = performance.now();
  };

  if (isArray) {
    let events: unknown[] | undefined;
    try {
      events = parseJsonArrayExact(trimmed);
    } catch (error) {
      const detail =
        error instanceof JsonDepthError
          ? error.message
          : (error as Error).message.slice(0, 200);
      throw new InputError(`Request body is not valid JSON: ${detail}`);
    }
    if (!events) {
      throw new InputError('Request body is not valid JSON: not an array');
    }
    if (events.length > limit) {
      throw tooManyEvents(`${events.length} array elements`, limit);
    }
    for (let i = 0; i < events.length; i++) {
      await maybeYield(i);
      batch.addElement(events[i], i + 1);
    }
  } else {
    let line = 0;
    for (let at = 0; at < body.length; ) {
      const end = body.indexOf('\n', at);
      const text = body.slice(at, end === -1 ? body.length : end);
      at = end === -1 ? body.length : end + 1;
      line += 1;
      await maybeYield(line);
      batch.addLine(text, line);
    }
  }
  return batch.submitTo(ingest);
}
