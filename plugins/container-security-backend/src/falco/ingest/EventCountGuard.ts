import { PayloadTooLargeError } from '../../http/httpErrors';

const NEWLINE = 0x0a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

// ASCII whitespace as String.prototype.trim sees it (tab, LF, VT, FF, CR, space).
const isWhitespace = (byte: number) =>
  byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);

const BATCH_TYPES = /ndjson|jsonl|json-seq|x-json-stream|json-lines/i;

/** Whether a Content-Type announces a batch of events, one per line. */
export function isBatchContentType(contentType: string | undefined): boolean {
  return BATCH_TYPES.test(contentType ?? '');
}

/** The 413 of a body with more than `limit` events; `what` says by how much. */
export function tooManyEvents(
  what: string,
  limit: number,
): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `Request has ${what}; the limit is ${limit} events per request (containerSecurity.falco.ingest.maxEventsPerRequest): send smaller batches`,
  );
}

/** What a body holds, as far as counting its events goes (`unknown` until its first non-whitespace byte). */
export type BodyShape = 'unknown' | 'lines' | 'array' | 'single';

/**
 * Counts a webhook body's events on its raw bytes while it arrives, so a body with
 * more than `limit` events is refused after the first few kilobytes instead of being
 * buffered, decoded and scanned whole: a stream of 4 MiB bodies of tiny lines must
 * cost the event loop (and the garbage collector) no more than the bytes it reads.
 *
 * Counts the lines of the trimmed NDJSON body, or the top-level elements of a JSON
 * array, however the bytes are chunked; handleFalcoBody feeds it a whole text. A body
 * that is neither (one event) is not counted.
 */
export class EventCountGuard {
  private current: BodyShape = 'unknown';
  /** NDJSON: line breaks after the first non-whitespace byte. */
  private newlines = 0;
  /** NDJSON: set once `limit` line breaks were seen; any content after them is a line too many. */
  private pastLimit = false;
  /** JSON array scanner state, carried across chunks. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  private elements = 0;

  constructor(
    private readonly limit: number,
    private readonly isBatch: boolean,
  ) {}

  /** What the body holds, as far as it was fed. */
  get shape(): BodyShape {
    return this.current;
  }

  /**
   * Feeds the next chunk; returns a description of the excess (for the 413 message)
   * once the body holds more than `limit` events, otherwise undefined.
   */
  feed(chunk: Buffer): string | undefined {
    let start = 0;
    if (this.current === 'unknown') {
      while (start < chunk.length && isWhitespace(chunk[start])) start += 1;
      if (start === chunk.length) return undefined;
      if (chunk[start] === OPEN_BRACKET) this.current = 'array';
      else this.current = this.isBatch ? 'lines' : 'single';
    }
    if (this.current === 'lines') return this.feedLines(chunk, start);
    if (this.current === 'array') return this.feedArray(chunk, start);
    return undefined;
  }

  private feedLines(chunk: Buffer, start: number): string | undefined {
    let at = start;
    if (!this.pastLimit) {
      // indexOf is native: a megabyte of short lines costs microseconds.
      for (;;) {
        const next = chunk.indexOf(NEWLINE, at);
        if (next === -1) return undefined;
        this.newlines += 1;
        at = next + 1;
        if (this.newlines === this.limit) break;
      }
      this.pastLimit = true;
    }
    // A trailing newline or blank lines after the last event start no line of their own.
    for (; at < chunk.length; at++) {
      if (!isWhitespace(chunk[at])) return `more than ${this.limit} lines`;
    }
    return undefined;
  }

  private feedArray(chunk: Buffer, start: number): string | undefined {
    for (let i = start; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACKET || c === OPEN_BRACE) this.depth += 1;
      else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) this.depth -= 1;
      else if (c === COMMA && this.depth === 1) {
        this.elements += 1;
        if (this.elements >= this.limit) {
          return `more than ${this.limit} array elements`;
        }
      }
    }
    return undefined;
  }
}
