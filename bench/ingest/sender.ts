import http from 'node:http';

/** One keep-alive connection posting events; records ack latencies of 2xx answers. */
export class Sender {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  readonly latencies: number[] = [];
  non2xx = 0;
  errors = 0;

  constructor(
    private readonly path: string,
    private readonly headers: Record<string, string>,
    private readonly port = 7007,
  ) {}

  /** Resolves with the status (0 on a transport error). */
  post(body: string): Promise<number> {
    const started = process.hrtime.bigint();
    return new Promise(resolve => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: this.path,
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...this.headers,
          },
        },
        res => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              this.latencies.push(
                Number(process.hrtime.bigint() - started) / 1e6,
              );
            } else {
              this.non2xx += 1;
            }
            resolve(status);
          });
        },
      );
      req.on('error', () => {
        this.errors += 1;
        resolve(0);
      });
      req.end(body);
    });
  }

  close() {
    this.agent.destroy();
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

export const round = (n: number, digits = 2) =>
  Math.round(n * 10 ** digits) / 10 ** digits;
