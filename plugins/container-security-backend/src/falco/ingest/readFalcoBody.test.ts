import fc from 'fast-check';
import { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { readFalcoBody } from './readFalcoBody';

const limits = { maxRequestBytes: 4 * 1024 * 1024, maxEventsPerRequest: 100 };

/** A request whose body is written in `chunks`, one per turn of the event loop, counting what was read. */
function request(headers: Record<string, string>, chunks: Buffer[]) {
  const stream = new PassThrough({ highWaterMark: 1024 });
  let written = 0;
  const req = Object.assign(stream, { headers, complete: false });
  (async () => {
    for (const chunk of chunks) {
      await new Promise(r => setImmediate(r));
      written += chunk.length;
      if (!stream.write(chunk)) await new Promise(r => stream.once('drain', r));
    }
    req.complete = true;
    stream.end();
  })();
  return {
    req: req as unknown as IncomingMessage,
    written: () => written,
  };
}

const ndjson = { 'content-type': 'application/x-ndjson' };
const tinyLines = (bytes: number) => Buffer.from('{}\n'.repeat(bytes / 3));

describe('readFalcoBody', () => {
  it('reads a body within the limits as text', async () => {
    const { req } = request(ndjson, [
      Buffer.from('{"a":1}\n'),
      Buffer.from('{"b":"é"}\n'),
    ]);
    await expect(readFalcoBody(req, limits)).resolves.toEqual({
      kind: 'text',
      text: '{"a":1}\n{"b":"é"}\n',
    });
  });

  it('refuses a body of too many lines after its first chunks and stops reading it', async () => {
    const chunks = Array.from({ length: 64 }, () => tinyLines(64 * 1024 - 1));
    const { req, written } = request(ndjson, chunks);
    const error = await readFalcoBody(req, limits).catch(e => e);
    expect(error).toMatchObject({
      name: 'PayloadTooLargeError',
      message: expect.stringMatching(
        /more than 100 lines.*maxEventsPerRequest/,
      ),
    });
    // Refused while most of the 4 MiB was still to come, and nothing more is read.
    const atRefusal = written();
    expect(atRefusal).toBeLessThan(4 * 64 * 1024);
    await new Promise(r => setTimeout(r, 50));
    expect(written() - atRefusal).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it('refuses a JSON array of too many elements while it arrives', async () => {
    const array = Buffer.from(`[${Array(300_000).fill('{}').join(',')}]`);
    const chunks = Array.from(
      { length: Math.ceil(array.length / 65536) },
      (_, i) => array.subarray(i * 65536, (i + 1) * 65536),
    );
    const { req, written } = request(
      { 'content-type': 'application/json' },
      chunks,
    );
    await expect(readFalcoBody(req, limits)).rejects.toMatchObject({
      name: 'PayloadTooLargeError',
      message: expect.stringMatching(/more than 100 array elements/),
    });
    expect(written()).toBeLessThan(array.length / 2);
  });

  it('refuses a declared length over the limit before reading', async () => {
    const { req } = request(
      { ...ndjson, 'content-length': String(limits.maxRequestBytes + 1) },
      [],
    );
    expect(() => readFalcoBody(req, limits)).toThrow(
      /larger than the limit of 4194304 bytes/,
    );
  });

  it('counts bytes that arrive without a declared length', async () => {
    const { req } = request({}, [
      Buffer.alloc(3000, 32),
      Buffer.alloc(3000, 32),
    ]);
    await expect(
      readFalcoBody(req, { maxRequestBytes: 5000, maxEventsPerRequest: 10 }),
    ).rejects.toMatchObject({ name: 'PayloadTooLargeError' });
  });

  it('inflates gzip and deflate, and caps what they inflate to', async () => {
    const text = '{"a":1}\n';
    await expect(
      readFalcoBody(
        request({ ...ndjson, 'content-encoding': 'gzip' }, [
          zlib.gzipSync(text),
        ]).req,
        limits,
      ),
    ).resolves.toEqual({ kind: 'text', text });
    await expect(
      readFalcoBody(
        request({ ...ndjson, 'content-encoding': 'deflate' }, [
          zlib.deflateSync(text),
        ]).req,
        limits,
      ),
    ).resolves.toEqual({ kind: 'text', text });
    const bomb = zlib.gzipSync(Buffer.alloc(5 * 1024 * 1024, 32));
    await expect(
      readFalcoBody(
        request({ 'content-encoding': 'gzip' }, [bomb]).req,
        limits,
      ),
    ).rejects.toMatchObject({ name: 'PayloadTooLargeError' });
  });

  it('answers 400 for bytes that do not match their encoding and 415 for an unknown encoding', async () => {
    await expect(
      readFalcoBody(
        request({ 'content-encoding': 'gzip' }, [Buffer.from('{"a":1}')]).req,
        limits,
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /does not match its Content-Encoding \(gzip\)/,
      ),
    });
    expect(() =>
      readFalcoBody(request({ 'content-encoding': 'br' }, []).req, limits),
    ).toThrow(/unsupported content encoding "br"/);
  });

  describe('with a line sink', () => {
    /** The lines handleFalcoBody's string path sees: split at \n, numbered from 1, no line after a final \n. */
    function linesOf(body: string): Array<[string, number]> {
      const lines: Array<[string, number]> = [];
      let line = 0;
      for (let at = 0; at < body.length; ) {
        const end = body.indexOf('\n', at);
        lines.push([body.slice(at, end === -1 ? body.length : end), ++line]);
        at = end === -1 ? body.length : end + 1;
      }
      return lines;
    }

    it('hands over the same lines as the whole text would give, however the bytes are chunked', async () => {
      const piece = fc.constantFrom(
        '{"a":1}',
        'é€😀',
        '',
        ' ',
        '\r',
        '\n',
        '\n\n',
        '[1]',
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(piece, { minLength: 1, maxLength: 10 }),
          fc.array(fc.nat(), { maxLength: 5 }),
          async (pieces, cuts) => {
            const text = pieces.join('');
            const bytes = Buffer.from(text);
            const at = [
              ...cuts.map(c => c % (bytes.length + 1)),
              bytes.length,
            ].sort((a, b) => a - b);
            const chunks = at.map((end, i) =>
              bytes.subarray(i === 0 ? 0 : at[i - 1], end),
            );
            const seen: Array<[string, number]> = [];
            const result = await readFalcoBody(
              request(ndjson, chunks).req,
              limits,
              (t, n) => {
                seen.push([t, n]);
              },
            );
            expect(seen).toEqual(result.kind === 'lines' ? linesOf(text) : []);
            // Only a body that starts with '[' or holds nothing but whitespace is read whole.
            expect(result.kind === 'text').toBe(
              text.trim() === '' || text.trim().startsWith('['),
            );
          },
        ),
        { numRuns: 1000 },
      );
    });

    it('stops reading when the sink refuses the body', async () => {
      const chunks = Array.from({ length: 64 }, () =>
        Buffer.from('{"x":1}\n'.repeat(8191)),
      );
      const { req, written } = request(ndjson, chunks);
      let lines = 0;
      const manyEvents = { ...limits, maxEventsPerRequest: 1_000_000 };
      const error = await readFalcoBody(req, manyEvents, () => {
        lines += 1;
        if (lines > 101) throw new Error('too many invalid events');
      }).catch(e => e);
      expect(error.message).toBe('too many invalid events');
      const atRefusal = written();
      expect(atRefusal).toBeLessThan(4 * 64 * 1024);
      await new Promise(r => setTimeout(r, 50));
      expect(written() - atRefusal).toBeLessThanOrEqual(2 * 64 * 1024);
    });
  });
});
