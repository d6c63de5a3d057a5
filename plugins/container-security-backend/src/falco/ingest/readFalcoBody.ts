import { InputError } from '@backstage/errors';
import { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import {
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../http/httpErrors';
import {
  EventCountGuard,
  isBatchContentType,
  tooManyEvents,
} from './EventCountGuard';

/** A body read by {@link readFalcoBody}: NDJSON handed over line by line, or the whole text. */
export type FalcoBody = { kind: 'lines' } | { kind: 'text'; text: string };

/** Receives NDJSON lines (1-based numbers, counting blank ones) as they arrive; may throw to refuse the body. */
export type LineSink = (text: string, line: number) => void;

/** The limits {@link readFalcoBody} enforces while the body arrives. */
export interface FalcoBodyLimits {
  /** Most bytes, after decompression and before it. */
  maxRequestBytes: number;
  maxEventsPerRequest: number;
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | undefined {
  switch (encoding) {
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    default:
      throw new UnsupportedMediaTypeError(
        `Request body has an unsupported content encoding "${encoding}": send identity, gzip or deflate`,
      );
  }
}

const tooLarge = (limit: number) =>
  new PayloadTooLargeError(
    `Request body is larger than the limit of ${limit} bytes`,
  );

/**
 * Splits NDJSON bytes into lines across chunk boundaries, decoding each line on its own
 * (a newline byte never occurs inside a multi-byte UTF-8 character).
 */
class LineSplitter {
  private partial: Buffer[] = [];
  private line = 0;

  feed(chunk: Buffer, onLine: LineSink): void {
    let at = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, at);
      if (newline === -1) break;
      const piece = chunk.subarray(at, newline);
      at = newline + 1;
      const text =
        this.partial.length === 0
          ? piece.toString('utf8')
          : Buffer.concat([...this.partial, piece]).toString('utf8');
      this.partial = [];
      this.line += 1;
      onLine(text, this.line);
    }
    if (at < chunk.length) this.partial.push(chunk.subarray(at));
  }

  end(onLine: LineSink): void {
    if (this.partial.length === 0) return;
    const text = Buffer.concat(this.partial).toString('utf8');
    this.partial = [];
    this.line += 1;
    onLine(text, this.line);
  }
}

/**
 * Reads a Falco webhook body, refusing it as soon as it is known to break a
 * limit: more bytes than `maxRequestBytes` (declared or counted, compressed or not),
 * more events than `maxEventsPerRequest` (see EventCountGuard), a content encoding
 * other than identity, gzip or deflate, or one the bytes do not match. What was read
 * of a refused body is dropped at once and the rest is not read, so a stream of
 * oversized bodies costs the backend a few kilobytes each. With `onLine`, an NDJSON
 * body is handed over line by line as it arrives, never held whole.
 */
export function readFalcoBody(
  req: IncomingMessage,
  limits: FalcoBodyLimits,
  onLine?: LineSink,
): Promise<FalcoBody> {
  const { maxRequestBytes } = limits;
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  const decoder = decoderFor(encoding);
  if (Number(req.headers['content-length']) > maxRequestBytes) {
    throw tooLarge(maxRequestBytes);
  }
  const guard = new EventCountGuard(
    limits.maxEventsPerRequest,
    isBatchContentType(req.headers['content-type']),
  );
  const body: Readable = decoder ?? req;
  const splitter = new LineSplitter();

  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let received = 0;
    let decoded = 0;
    let settled = false;

    // Stop reading, as body-parser does at its limit: every chunk read costs external
    // memory and so full garbage collections, and a closed-loop sender would make the
    // backend pay for all of it. Node closes the connection once the answer is sent.
    const stopReading = () => {
      req.removeListener('data', countRaw);
      body.removeListener('data', onData);
      body.removeListener('end', onEnd);
      if (decoder) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      req.on('error', () => undefined);
      req.pause();
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      chunks = [];
      stopReading();
      reject(error);
    };
    function countRaw(chunk: Buffer) {
      received += chunk.length;
      if (received > maxRequestBytes) fail(tooLarge(maxRequestBytes));
    }

    if (decoder) {
      req.on('data', countRaw);
      decoder.on('error', (error: Error) =>
        fail(
          new InputError(
            `Request body does not match its Content-Encoding (${encoding}): ${error.message}`,
          ),
        ),
      );
      req.pipe(decoder);
    }
    function onData(chunk: Buffer) {
      if (settled) return;
      if (!decoder) countRaw(chunk);
      else {
        decoded += chunk.length;
        if (decoded > maxRequestBytes) fail(tooLarge(maxRequestBytes));
      }
      if (settled) return;
      const excess = guard.feed(chunk);
      if (excess) {
        fail(tooManyEvents(excess, limits.maxEventsPerRequest));
        return;
      }
      chunks.push(chunk);
      if (!onLine || guard.shape !== 'lines') return;
      // Whitespace-only chunks before the first line wait in `chunks` until the shape is known.
      try {
        for (const pending of chunks) splitter.feed(pending, onLine);
      } catch (error) {
        fail(error as Error);
      }
      chunks = [];
    }
    function onEnd() {
      if (settled) return;
      if (onLine && guard.shape === 'lines') {
        try {
          splitter.end(onLine);
        } catch (error) {
          fail(error as Error);
          return;
        }
        settled = true;
        resolve({ kind: 'lines' });
        return;
      }
      settled = true;
      // One event usually arrives in one chunk: no copy then.
      const whole = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      resolve({ kind: 'text', text: whole.toString('utf8') });
    }
    body.on('data', onData);
    body.on('end', onEnd);
    req.on('error', error => fail(error));
    req.on('close', () => {
      if (!req.complete) fail(new Error('The client closed the request'));
    });
  });
}
