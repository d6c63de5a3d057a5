import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Worker } from 'node:worker_threads';
import {
  AlertDetails,
  compressDetailsJson,
  DETAILS_COMPRESSION,
  detailsJson,
} from './detailsCodec';

const WORKER_FILE = resolvePackagePath(
  '@containersec/plugin-container-security-backend',
  'workers/detailsEncoderWorker.js',
);

interface Reply {
  id: number;
  buffer?: ArrayBuffer;
  lengths?: number[];
  error?: string;
}

interface Pending {
  resolve: (blobs: Buffer[]) => void;
  reject: (error: Error) => void;
}

/** Construction options of {@link AlertDetailsEncoder}. */
export interface AlertDetailsEncoderOptions {
  /**
   * Smaller batches are compressed on the calling thread: a worker round trip costs
   * more than compressing a few events.
   */
  minWorkerBatch?: number;
  /** After this many worker failures, every batch is compressed on the calling thread. */
  maxWorkerFailures?: number;
}

/**
 * Compresses alert details for the `details` column, batches of them on a worker
 * thread. Per event, compression costs more of the ingest's event loop than anything
 * else (mostly zlib's per-call setup), and the event loop is what parses requests and
 * sends acknowledgements; on the worker it runs beside them. The blobs are exactly what
 * {@link compressDetailsJson} makes, and any worker failure falls back to it.
 */
export class AlertDetailsEncoder {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failures = 0;
  /** Batches compressed by the worker and on the calling thread, since construction. */
  readonly batches = { worker: 0, local: 0 };
  private readonly minWorkerBatch: number;
  private readonly maxWorkerFailures: number;

  constructor(options: AlertDetailsEncoderOptions = {}) {
    this.minWorkerBatch = options.minWorkerBatch ?? 4;
    this.maxWorkerFailures = options.maxWorkerFailures ?? 3;
  }

  /** The blobs of `details`, in order. */
  async encode(details: AlertDetails[]): Promise<Buffer[]> {
    const texts = details.map(detailsJson);
    if (
      texts.length < this.minWorkerBatch ||
      this.failures >= this.maxWorkerFailures
    ) {
      this.batches.local += 1;
      return texts.map(compressDetailsJson);
    }
    try {
      const blobs = await this.onWorker(texts);
      this.batches.worker += 1;
      return blobs;
    } catch {
      this.batches.local += 1;
      return texts.map(compressDetailsJson);
    }
  }

  /** Stops the worker (a later batch starts a new one); batches in flight are compressed here. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.rejectPending(new Error('details encoder closed'));
    await worker?.terminate();
  }

  private onWorker(texts: string[]): Promise<Buffer[]> {
    let worker: Worker;
    try {
      worker = this.startedWorker();
    } catch (error) {
      // E.g. no memory for another isolate: counts like a worker that died.
      this.failures += 1;
      return Promise.reject(error);
    }
    const id = this.nextId++;
    // Referenced only while a batch is out, so an idle worker never holds the process.
    if (this.pending.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, texts });
    });
  }

  private rejectPending(error: Error) {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(error);
    }
  }

  private startedWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE, {
      workerData: DETAILS_COMPRESSION,
      // The worker is plain JavaScript: it needs none of the parent's --require hooks.
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      this.settle(reply);
      if (this.pending.size === 0) worker.unref();
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failures += 1;
      this.rejectPending(error);
      // An uncaught error ends the worker anyway; make sure nothing lingers.
      worker.terminate().catch(() => undefined);
    };
    worker.on('error', fail);
    worker.on('exit', code =>
      fail(new Error(`details encoder worker exited with code ${code}`)),
    );
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply) {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (!reply.buffer || !reply.lengths) {
      p.reject(new Error(reply.error ?? 'details encoder worker failed'));
      return;
    }
    const blobs: Buffer[] = [];
    let offset = 0;
    for (const length of reply.lengths) {
      blobs.push(Buffer.from(reply.buffer, offset, length));
      offset += length;
    }
    p.resolve(blobs);
  }
}

let shared: AlertDetailsEncoder | undefined;

/** The process's encoder: compression is stateless, so one worker serves every store. */
export function sharedAlertDetailsEncoder(): AlertDetailsEncoder {
  shared ??= new AlertDetailsEncoder();
  return shared;
}
