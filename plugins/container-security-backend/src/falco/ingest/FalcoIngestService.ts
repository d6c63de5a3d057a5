import { LoggerService } from '@backstage/backend-plugin-api';
import { FalcoAlertStore, NewFalcoAlert } from '../FalcoAlertStore';
import { FalcoSpool } from './FalcoSpool';

/** Called after each committed batch with the alerts that were new in it. */
export type AlertsStoredListener = (
  alerts: NewFalcoAlert[],
) => void | Promise<void>;

/** Construction options of {@link FalcoIngestService}. */
export interface FalcoIngestServiceOptions {
  store: FalcoAlertStore;
  logger: LoggerService;
  /** Without a spool, events are acknowledged only after a database commit. */
  spool?: FalcoSpool;
  /**
   * What an acknowledgement waits for (with a spool). `spool` (write-ahead): the events
   * are synced to the spool, acknowledged, and moved into the database right after, in
   * batches. `database`: the commit, or the spool when the commit is slower than
   * `dbWriteTimeoutMs` or fails. Default `database`.
   */
  acknowledgeAfter?: 'database' | 'spool';
  /**
   * Write-ahead only: the most acknowledged events waiting in memory for their move
   * into the database; beyond it, they are read back from the spool by the drainer.
   */
  maxPendingMoves?: number;
  /**
   * Write-ahead only: how long acknowledged events wait for more to join their move into
   * the database (a full batch goes at once). Nobody waits on a move, and larger writes
   * cost the event loop less per event.
   */
  moveLingerMs?: number;
  /** Most events in one flush (one INSERT statement per 500 rows). */
  batchMaxEvents?: number;
  /**
   * How long an acknowledgement waits for the database commit before the events are
   * synced to the spool and acknowledged from there (the write goes on). Default 3 ms.
   */
  dbWriteTimeoutMs?: number;
  /** How often the spool is drained and an unavailable database probed. */
  drainIntervalMs?: number;
  /** Concurrent database writes (each a group of queued events). */
  maxConcurrentWrites?: number;
  /**
   * Database writes that outlived `dbWriteTimeoutMs` and still run; beyond this many,
   * new batches go to the spool directly so a slow database cannot pile up work.
   */
  maxLateWrites?: number;
}

/** Where a submitted batch ended up. */
export type StoredIn = 'database' | 'spool';

interface Submission {
  alerts: NewFalcoAlert[];
  allowSpool: boolean;
  /** Already acknowledged from the spool (write-ahead): no sender waits for it. */
  move: boolean;
  resolve: (where: StoredIn) => void;
  reject: (error: unknown) => void;
}

/**
 * Whether the database refused the data itself rather than being unavailable:
 * PostgreSQL's data exceptions (class 22, e.g. NUL in text) and integrity violations
 * (class 23), SQLite's constraint, size and type errors.
 */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    typeof code === 'string' &&
    (/^2[23][0-9A-Z]{3}$/.test(code) ||
      /^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH)/.test(code))
  );
}

class WriteTimeoutError extends Error {
  name = 'WriteTimeoutError';
}

/** Rejection of a submission that may not be spooled, while the database is unavailable. */
export class DatabaseUnavailableError extends Error {
  name = 'DatabaseUnavailableError';
}

/**
 * The one way into the alert store. Groups concurrent submissions into few multi-row
 * INSERTs (group commit: while a write is in flight, new events queue up and go
 * together in the next one, so a lone sender pays one round trip and many senders share
 * them), resolves each submission only after its events are committed to the database
 * or, when the database fails or is slow, synced to the local spool. Never sheds load.
 *
 * All state that matters is in the database or the spool directory; the queue only
 * holds events whose senders are still waiting for their acknowledgement.
 */
export class FalcoIngestService {
  private readonly queue: Submission[] = [];
  private readonly listeners: AlertsStoredListener[] = [];
  private readonly listenerChains: Promise<void>[] = [];
  /** Per listener: alerts stored since its queued run was scheduled (it takes them all). */
  private readonly listenerBacklog: NewFalcoAlert[][] = [];
  private inFlight = 0;
  private lateWrites = 0;
  private readonly maxLateWrites: number;
  private flushScheduled = false;
  /** Set while the scheduled flush is a move's linger timer rather than an immediate. */
  private lingerTimer?: NodeJS.Timeout;
  private databaseDown = false;
  private drainTimer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private readonly batchMaxEvents: number;
  private readonly dbWriteTimeoutMs: number;
  private readonly drainIntervalMs: number;
  private readonly maxConcurrentWrites: number;
  private readonly writeAhead: boolean;
  private readonly maxPendingMoves: number;
  private readonly moveLingerMs: number;
  /** Events in `queue`. */
  private queuedEvents = 0;
  /** Submissions in `queue` that a sender waits for. */
  private queuedWaiting = 0;

  constructor(private readonly options: FalcoIngestServiceOptions) {
    this.batchMaxEvents = options.batchMaxEvents ?? 500;
    this.dbWriteTimeoutMs = options.dbWriteTimeoutMs ?? 3;
    this.drainIntervalMs = options.drainIntervalMs ?? 1000;
    this.maxConcurrentWrites = options.maxConcurrentWrites ?? 2;
    this.maxLateWrites = options.maxLateWrites ?? 4;
    this.writeAhead =
      options.acknowledgeAfter === 'spool' && options.spool !== undefined;
    this.maxPendingMoves = options.maxPendingMoves ?? 20_000;
    this.moveLingerMs = options.moveLingerMs ?? 10;
  }

  /** Registers a listener for newly stored alerts; see the contract in `index.ts`. */
  onAlertsStored(listener: AlertsStoredListener): void {
    this.listeners.push(listener);
    this.listenerChains.push(Promise.resolve());
    this.listenerBacklog.push([]);
  }

  /**
   * Stores alerts; resolves once they are committed to the database or (when
   * `allowSpool`, the default, and a spool is configured) synced to the spool.
   * Rejects only when neither worked.
   */
  submit(
    alerts: NewFalcoAlert[],
    options: { allowSpool?: boolean } = {},
  ): Promise<StoredIn> {
    if (alerts.length === 0) return Promise.resolve('database');
    const allowSpool = options.allowSpool ?? true;
    if (this.writeAhead && allowSpool) return this.writeAheadOf(alerts);
    return this.enqueue(alerts, allowSpool, false);
  }

  private enqueue(
    alerts: NewFalcoAlert[],
    allowSpool: boolean,
    move: boolean,
  ): Promise<StoredIn> {
    return new Promise((resolve, reject) => {
      this.queue.push({ alerts, allowSpool, move, resolve, reject });
      this.queuedEvents += alerts.length;
      if (!move) this.queuedWaiting += 1;
      this.scheduleFlush();
    });
  }

  /**
   * Syncs the alerts to the spool and resolves; then moves them into the database with
   * the next writes (grouped with whatever else is queued). A moved append is settled,
   * so its file is deleted unread; an append that could not be moved (database down,
   * too much waiting) is left to the drainer, which reads it back.
   */
  private async writeAheadOf(alerts: NewFalcoAlert[]): Promise<StoredIn> {
    const spool = this.options.spool!;
    let segment: string;
    try {
      segment = await spool.append(alerts);
    } catch (error) {
      this.options.logger.error(
        'Falco spool write failed; acknowledging after the database commit',
        { error: String(error) },
      );
      return this.enqueue(alerts, false, false);
    }
    if (this.databaseDown || this.queuedEvents >= this.maxPendingMoves) {
      spool.unsettled(segment);
      return 'spool';
    }
    this.enqueue(alerts, false, true).then(
      () => spool.settle(segment),
      () => spool.unsettled(segment),
    );
    return 'spool';
  }

  /** Drains what an earlier process left in the spool, then keeps draining/probing periodically. */
  start(): void {
    if (this.drainTimer) return;
    const tick = () => {
      this.drainTimer = setTimeout(async () => {
        await this.drainOnce();
        if (this.drainTimer) tick();
      }, this.drainIntervalMs);
      this.drainTimer.unref?.();
    };
    this.drainOnce().finally(() => tick());
  }

  /** Stops the drain loop and waits for queued writes. */
  async stop(): Promise<void> {
    clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
    while (this.queue.length > 0 || this.inFlight > 0) {
      await new Promise(r => setTimeout(r, 5));
    }
    await this.draining;
    // Delete the files whose events were all moved, rather than re-read them at the next start.
    if (this.writeAhead && !this.databaseDown) await this.drainOnce();
    await this.options.spool?.close();
  }

  /** Whether the last database write failed and writes go to the spool until a drain succeeds. */
  get isDatabaseDown(): boolean {
    return this.databaseDown;
  }

  /**
   * Moves spooled alerts into the database (and probes it when it is marked down).
   * Safe to call at any time; concurrent calls share one run.
   */
  drainOnce(): Promise<void> {
    if (!this.draining) {
      this.draining = this.runDrain().finally(() => {
        this.draining = undefined;
      });
    }
    return this.draining;
  }

  private async runDrain(): Promise<void> {
    const { spool, store, logger } = this.options;
    try {
      if (this.databaseDown) {
        await this.withTimeout(store.ping(), 5000);
        this.databaseDown = false;
        logger.info('Falco alert database reachable again');
        this.scheduleFlush();
      }
      if (spool && (await spool.hasPending())) {
        const drained = await spool.drain(async alerts => {
          const { insertedIds } = await this.insertIsolating(alerts);
          this.notify(alerts, insertedIds);
        }, this.batchMaxEvents);
        if (drained > 0) {
          logger.info('Drained spooled Falco alerts into the database', {
            alerts: drained,
          });
        }
      }
    } catch (error) {
      if (!this.databaseDown) {
        logger.warn('Falco alert database unavailable; spooling', {
          error: String(error),
        });
      }
      this.databaseDown = true;
    }
  }

  /**
   * Inserts alerts. When the database refuses the data itself (not an outage), inserts
   * them one at a time and drops, with an error log, only those it refuses: one event
   * the parser let through must not fail the events written with it, mark the database
   * down, or stay in the spool to fail every drain.
   */
  private async insertIsolating(
    alerts: NewFalcoAlert[],
  ): Promise<{ insertedIds: string[] }> {
    const { store, logger } = this.options;
    try {
      return await store.insertAlerts(alerts);
    } catch (error) {
      if (!isDataError(error)) throw error;
    }
    const insertedIds: string[] = [];
    for (const alert of alerts) {
      try {
        insertedIds.push(...(await store.insertAlerts([alert])).insertedIds);
      } catch (error) {
        if (!isDataError(error)) throw error;
        logger.error('Falco alert refused by the database; dropped', {
          id: alert.id,
          code: String((error as { code?: unknown }).code),
        });
      }
    }
    return { insertedIds };
  }

  private scheduleFlush() {
    if (this.queue.length === 0) return;
    if (this.inFlight >= this.maxConcurrentWrites) return;
    const linger =
      this.queuedWaiting === 0 && this.queuedEvents < this.batchMaxEvents;
    if (this.lingerTimer && !linger) {
      // Someone waits now, or a full batch is ready: do not wait out the linger.
      clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
      this.flushScheduled = false;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      this.lingerTimer = undefined;
      this.flush();
    };
    if (linger) {
      this.lingerTimer = setTimeout(run, this.moveLingerMs);
    } else {
      // One macrotask turn lets requests parsed in the same tick join this write.
      setImmediate(run);
    }
  }

  private take(): Submission[] {
    const batch: Submission[] = [];
    let events = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (
        batch.length > 0 &&
        events + next.alerts.length > this.batchMaxEvents
      ) {
        break;
      }
      batch.push(this.queue.shift()!);
      events += next.alerts.length;
      this.queuedEvents -= next.alerts.length;
      if (!next.move) this.queuedWaiting -= 1;
    }
    return batch;
  }

  private flush() {
    if (this.queue.length === 0 || this.inFlight >= this.maxConcurrentWrites) {
      return;
    }
    const batch = this.take();
    this.inFlight += 1;
    this.write(batch).finally(() => {
      this.inFlight -= 1;
      this.scheduleFlush();
    });
    // A second writer may start at once if more is queued.
    this.scheduleFlush();
  }

  private withTimeout<T>(
    promise: Promise<T>,
    timeoutMs: number = this.dbWriteTimeoutMs,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new WriteTimeoutError('database write timed out')),
        timeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private async write(batch: Submission[]): Promise<void> {
    const { spool, logger } = this.options;
    const alerts = batch.flatMap(s => s.alerts);
    const spoolable = batch.some(s => s.allowSpool);
    if (
      this.databaseDown ||
      (spool && spoolable && this.lateWrites >= this.maxLateWrites)
    ) {
      await this.spoolOrReject(batch, undefined);
      return;
    }
    const insert = this.insertIsolating(alerts);
    if (!spool || !spoolable) {
      // Nowhere else to commit to: no deadline, wait for the database.
      try {
        const { insertedIds } = await insert;
        batch.forEach(s => s.resolve('database'));
        this.notify(alerts, insertedIds);
      } catch (error) {
        this.markDown(error, alerts.length);
        await this.spoolOrReject(batch, undefined);
      }
      return;
    }
    try {
      const { insertedIds } = await this.withTimeout(insert);
      batch.forEach(s => s.resolve('database'));
      this.notify(alerts, insertedIds);
      return;
    } catch (error) {
      if (!(error instanceof WriteTimeoutError)) {
        this.markDown(error, alerts.length);
        await this.spoolOrReject(batch, undefined);
        return;
      }
    }
    // Slower than the deadline: sync the events to the spool and acknowledge them
    // there, while the database write goes on. If it commits, the spool copy is
    // dropped unread; if it fails, the copy is drained later.
    this.lateWrites += 1;
    const segment = this.spoolOrReject(
      batch.filter(s => s.allowSpool),
      insert,
    );
    const mustWait = batch.filter(s => !s.allowSpool);
    try {
      const { insertedIds } = await insert;
      mustWait.forEach(s => s.resolve('database'));
      this.notify(alerts, insertedIds);
      const name = await segment;
      if (name) spool.settle(name);
    } catch (error) {
      this.markDown(error, alerts.length);
      mustWait.forEach(s =>
        s.reject(new DatabaseUnavailableError('alert database unavailable')),
      );
      const name = await segment;
      if (name) spool.unsettled(name);
    } finally {
      this.lateWrites -= 1;
      logger.debug('late Falco alert write finished', {
        alerts: alerts.length,
      });
    }
  }

  private markDown(error: unknown, alerts: number) {
    if (!this.databaseDown) {
      this.options.logger.warn('Falco alert database write failed; spooling', {
        error: String(error),
        alerts,
      });
    }
    this.databaseDown = true;
  }

  /**
   * Spools the spoolable submissions and rejects the others. Resolves with the spool
   * file used (undefined when nothing was spooled). Without a database write still
   * running (`lateWrite`), the spooled events are marked for draining right away.
   */
  private async spoolOrReject(
    batch: Submission[],
    lateWrite: Promise<unknown> | undefined,
  ): Promise<string | undefined> {
    const { spool } = this.options;
    const spoolable = spool ? batch.filter(s => s.allowSpool) : [];
    if (!lateWrite) {
      for (const s of batch) {
        if (!spoolable.includes(s)) {
          s.reject(new DatabaseUnavailableError('alert database unavailable'));
        }
      }
    }
    if (spoolable.length === 0 || !spool) return undefined;
    try {
      const segment = await spool.append(spoolable.flatMap(s => s.alerts));
      spoolable.forEach(s => s.resolve('spool'));
      if (!lateWrite) spool.unsettled(segment);
      return segment;
    } catch (error) {
      this.options.logger.error('Falco spool write failed', {
        error: String(error),
      });
      if (lateWrite) {
        // The database write may still take them: answer as it does.
        await lateWrite.then(
          () => spoolable.forEach(s => s.resolve('database')),
          e => spoolable.forEach(s => s.reject(e)),
        );
      } else {
        spoolable.forEach(s => s.reject(error));
      }
      return undefined;
    }
  }

  private notify(alerts: NewFalcoAlert[], insertedIds: string[]) {
    if (insertedIds.length === 0 || this.listeners.length === 0) return;
    const inserted = new Set(insertedIds);
    const seen = new Set<string>();
    const fresh = alerts.filter(a => {
      if (!inserted.has(a.id) || seen.has(a.id)) return false;
      seen.add(a.id);
      return true;
    });
    if (fresh.length === 0) return;
    // While a listener is busy, later batches wait together and reach it as one: under
    // load, attribution, signals and notifications then cost a few queries per burst
    // rather than per event, and never fall behind the writes.
    this.listeners.forEach((listener, i) => {
      const backlog = this.listenerBacklog[i];
      const runQueued = backlog.length > 0;
      backlog.push(...fresh);
      if (runQueued) return;
      this.listenerChains[i] = this.listenerChains[i]
        .then(() => listener(backlog.splice(0)))
        .catch(error =>
          this.options.logger.error('Falco alert listener failed', {
            error: String(error),
          }),
        );
    });
  }

  /** Resolves when every listener has finished with the batches reported so far (tests, shutdown). */
  async listenersIdle(): Promise<void> {
    await Promise.all(this.listenerChains);
  }
}
