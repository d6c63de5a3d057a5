import net from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');

interface Waiting {
  started: bigint;
  resolve: (status: number) => void;
}

/**
 * One keep-alive HTTP/1.1 connection posting events one at a time, as Falcosidekick's
 * webhook output does; records the acknowledgement latency of 2xx answers.
 *
 * A minimal client on a raw socket rather than `http.request`: on this 2-core machine
 * the sender shares the CPU with the backend and PostgreSQL, and Node's general-purpose
 * client spends several times what Falcosidekick's Go client does per request, which
 * would measure the sender rather than the receiver. It writes each request in one
 * write and reads `content-length`-framed answers (what the backend sends).
 */
export class Sender {
  private socket?: net.Socket;
  private buffer = Buffer.alloc(0);
  private waiting?: Waiting;
  private readonly head: string;
  readonly latencies: number[] = [];
  non2xx = 0;
  errors = 0;

  constructor(
    path: string,
    headers: Record<string, string>,
    private readonly port = 7007,
  ) {
    this.head =
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `Content-Type: application/json\r\n${Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')}`;
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: '127.0.0.1', port: this.port });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = () => {
      // A socket this sender already let go of (the server closed it) owes nothing.
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.buffer = Buffer.alloc(0);
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) {
        this.errors += 1;
        waiting.resolve(0);
      }
    };
    socket.on('error', fail);
    socket.on('close', fail);
    return socket;
  }

  private onData(chunk: Buffer) {
    this.buffer =
      this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const total = end + 4 + Number(length?.[1] ?? 0);
    if (this.buffer.length < total) return;
    this.buffer = this.buffer.subarray(total);
    const status = Number(head.slice(9, 12));
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!length || /\r\nconnection:\s*close/i.test(head)) {
      this.socket?.destroy();
      this.socket = undefined;
    }
    if (!waiting) return;
    if (status >= 200 && status < 300) {
      this.latencies.push(
        Number(process.hrtime.bigint() - waiting.started) / 1e6,
      );
    } else {
      this.non2xx += 1;
    }
    waiting.resolve(status);
  }

  /** Resolves with the status (0 on a transport error). */
  post(body: string): Promise<number> {
    if (this.waiting) throw new Error('one request at a time');
    this.socket ??= this.connect();
    const request = `${this.head}Content-Length: ${Buffer.byteLength(
      body,
    )}\r\n\r\n${body}`;
    return new Promise(resolve => {
      this.waiting = { started: process.hrtime.bigint(), resolve };
      this.socket!.write(request);
    });
  }

  close() {
    this.socket?.destroy();
    this.socket = undefined;
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
