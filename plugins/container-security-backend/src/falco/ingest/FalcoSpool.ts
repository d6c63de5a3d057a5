import { LoggerService } from '@backstage/backend-plugin-api';
import fs from 'node:fs/promises';
import path from 'node:path';
import { NewFalcoAlert } from '../FalcoAlertStore';
import { detailsFromJson, detailsJson } from './detailsCodec';
import { SpoolFile } from './SpoolFile';

const FILE = /^spool-(\d+)-(\d+)-(\d+)\.ndjson$/;

// Lines are split at newlines and at runs of NUL: with writes in flight together, a
// crash can leave an unacknowledged write's range unwritten (read back as zeros)
// before an acknowledged one's line, and a preallocated file is zeros past its last.
const LINE_BREAK = /\n|\0+/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface PendingAppend {
  data: string;
  resolve: (segment: string) => void;
  reject: (error: unknown) => void;
}

/** Bookkeeping of one of this process's files: appends whose database write may still land. */
interface Segment {
  appends: number;
  /** Appends whose own (late) database write committed. */
  settled: number;
  /** Some append's events are known not to be in the database. */
  needsDrain: boolean;
}

/**
 * One alert as a spool line: its columns (`a`) and the details text the database write
 * compresses (`d`, see detailsJson), so the bulky part is serialized once.
 */
function spoolLine(alert: NewFalcoAlert): string {
  const { output, outputFields, extraFields, ...columns } = alert;
  return `{"a":${JSON.stringify(columns)},"d":${detailsJson(alert)}}\n`;
}

/**
 * The alert a parsed spool line holds, or undefined when it holds none. Lines written
 * before the `a`/`d` split are the alert itself.
 */
function spooledAlert(value: unknown): NewFalcoAlert | undefined {
  const v = value as Record<string, any> | null;
  if (typeof v !== 'object' || v === null) return undefined;
  const alert: Partial<NewFalcoAlert> =
    typeof v.a === 'object' && typeof v.d === 'object' && v.a && v.d
      ? { ...v.a, ...detailsFromJson(v.d) }
      : v;
  return typeof alert.id === 'string' && typeof alert.rule === 'string'
    ? (alert as NewFalcoAlert)
    : undefined;
}

/**
 * A durable local spool for alerts the database could not take: append-only NDJSON
 * files, synced before an append resolves (so a sender is acknowledged only once its
 * events would survive a crash of this process or the machine), drained into the
 * database when it is back and deleted after the commit. Up to `maxConcurrentWrites`
 * writes are in flight at once (the disk's sync latency, not its bandwidth, bounds a
 * spool), and appends that arrive while they are share the next write.
 *
 * With `preallocateBytes` (write-ahead acknowledgement, where every event passes through
 * the spool), files are zero-filled ahead of use and written at reserved offsets, the
 * next one prepared while the current one fills; a file is kept until it is full or
 * must be drained, rather than replaced at every drain.
 *
 * Each replica needs its own directory on local disk; files of another live process
 * are left alone, files of a process that died are drained by the next one to start.
 * A torn last line (the process died mid-write, before acknowledging) is skipped.
 */
export class FalcoSpool {
  private file?: SpoolFile;
  /** The file being created, which concurrent writes share. */
  private opening?: Promise<SpoolFile>;
  /** A preallocated file made ready for when the current one is full. */
  private spare?: Promise<SpoolFile | undefined>;
  private spareName?: string;
  /**
   * Files being made, which no drain may take for a dead or finished one: a drain that
   * deleted one would leave its appends in an unlinked file.
   */
  private readonly creating = new Set<string>();
  private readonly pending: PendingAppend[] = [];
  /** Writes (each a group of appends) in progress. */
  private readonly writes = new Set<Promise<void>>();
  private sequence = 0;
  private readonly segments = new Map<string, Segment>();
  private readonly maxConcurrentWrites: number;
  private readonly preallocateBytes: number;

  constructor(
    private readonly directory: string,
    private readonly logger: LoggerService,
    options: { maxConcurrentWrites?: number; preallocateBytes?: number } = {},
  ) {
    this.maxConcurrentWrites = options.maxConcurrentWrites ?? 2;
    this.preallocateBytes = options.preallocateBytes ?? 0;
  }

  /**
   * Resolves once the alerts are on disk (written and synced), with the file they are
   * in, for {@link FalcoSpool.settle} and {@link FalcoSpool.unsettled}.
   */
  append(alerts: NewFalcoAlert[]): Promise<string> {
    const data = alerts.map(spoolLine).join('');
    return new Promise((resolve, reject) => {
      this.pending.push({ data, resolve, reject });
      this.startWrites();
    });
  }

  private startWrites() {
    while (
      this.pending.length > 0 &&
      this.writes.size < this.maxConcurrentWrites
    ) {
      const write = this.writeBatch(this.pending.splice(0));
      this.writes.add(write);
      write.finally(() => {
        this.writes.delete(write);
        this.startWrites();
      });
    }
  }

  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    const data = Buffer.from(batch.map(p => p.data).join(''), 'utf8');
    let file: SpoolFile;
    let position: number | null;
    try {
      file = await this.openFile();
      let at = file.reserve(data.length);
      if (at === undefined) {
        // Full: later writes go to the next file; this one closes once its writes end.
        this.retire(file);
        file = await this.openFile();
        at = file.reserve(data.length)!;
      }
      position = at;
    } catch (error) {
      batch.forEach(p => p.reject(error));
      return;
    }
    try {
      await file.write(data, position);
      this.segments.get(file.name)!.appends += batch.length;
      batch.forEach(p => p.resolve(file.name));
    } catch (error) {
      batch.forEach(p => p.reject(error));
      // A failed write may have left part of a line: continue in a fresh file so
      // that fragment stays the (skipped) last line of this one.
      this.retire(file);
    }
  }

  /** Stops writing to `file`; closes it once the writes in progress end. */
  private retire(file: SpoolFile) {
    if (this.file !== file) return;
    this.file = undefined;
    Promise.allSettled([...this.writes]).then(() => file.close());
  }

  private async openFile(): Promise<SpoolFile> {
    if (this.file) return this.file;
    this.opening ??= this.nextFile().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async nextFile(): Promise<SpoolFile> {
    const spare = await this.spare?.catch(() => undefined);
    this.spare = undefined;
    this.spareName = undefined;
    const file = spare ?? (await this.createFile());
    this.file = file;
    this.segments.set(file.name, { appends: 0, settled: 0, needsDrain: false });
    if (this.preallocateBytes > 0) this.prepareSpare();
    return file;
  }

  /** The name of this process's next file (FILE matches it). */
  private nextName(): string {
    return `spool-${Date.now()}-${process.pid}-${this.sequence++}.ndjson`;
  }

  private createFile(name = this.nextName()): Promise<SpoolFile> {
    this.creating.add(name);
    // Forgotten once made: `nextFile` adopts it as `file` (or it is the spare, named
    // already) in the same run of microtasks, before a drain's listing is looked at.
    return SpoolFile.create(
      this.directory,
      name,
      this.preallocateBytes,
    ).finally(() => this.creating.delete(name));
  }

  private prepareSpare() {
    const name = this.nextName();
    this.spareName = name;
    this.spare = this.createFile(name).catch(error => {
      // The next file is then created when it is needed.
      this.logger.warn('Could not prepare the next Falco spool file', {
        error: String(error),
      });
      return undefined;
    });
  }

  /**
   * Records that one append's events also committed to the database through a write
   * that was still running when the spool took them: a file whose every append settled
   * is deleted without being re-read.
   */
  settle(segment: string): void {
    const s = this.segments.get(segment);
    if (s) s.settled += 1;
  }

  /** Records that one append's events are not (or not known to be) in the database. */
  unsettled(segment: string): void {
    const s = this.segments.get(segment);
    if (s) s.needsDrain = true;
  }

  /**
   * Closes the file being written, so it can be drained; the next append starts a new
   * one. Waits only for the writes that may be using the file, not for the appends
   * queued behind them (under steady load the spool is never idle).
   */
  private async rotate() {
    const file = this.file;
    this.file = undefined;
    await Promise.all([...this.writes]);
    await file?.close();
  }

  /**
   * Whether the file being written must be closed for a drain: always for appended
   * files (each drain deletes what was moved), for a preallocated one only once some of
   * its events are known not to be in the database.
   */
  private mustRotate(): boolean {
    if (!this.file) return false;
    return (
      this.preallocateBytes <= 0 ||
      this.segments.get(this.file.name)?.needsDrain === true
    );
  }

  /** Whether any spool file (this process's or a dead one's) waits to be drained or deleted. */
  async hasPending(): Promise<boolean> {
    if (this.file || this.segments.size > 0) return true;
    return (await this.drainableFiles()).length > 0;
  }

  private async drainableFiles(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter(name => {
        const m = FILE.exec(name);
        if (
          !m ||
          name === this.file?.name ||
          name === this.spareName ||
          this.creating.has(name)
        ) {
          return false;
        }
        const pid = Number(m[2]);
        return pid === process.pid || !processAlive(pid);
      })
      .sort((a, b) => Number(FILE.exec(a)![1]) - Number(FILE.exec(b)![1]));
  }

  /**
   * Moves every spooled alert into the database through `insert` (which must resolve
   * only after commit), file by file in chunks, deleting each file after its last chunk
   * committed. Stops at the first failure (the file stays; inserts are idempotent).
   * Resolves with the number of alerts read from the drained files.
   */
  async drain(
    insert: (alerts: NewFalcoAlert[]) => Promise<void>,
    chunkSize: number,
  ): Promise<number> {
    if (this.mustRotate()) await this.rotate();
    let drained = 0;
    for (const name of await this.drainableFiles()) {
      const full = path.join(this.directory, name);
      const segment = this.segments.get(name);
      if (segment && !segment.needsDrain) {
        // Late database writes still running: wait for them rather than re-insert.
        if (segment.settled < segment.appends) continue;
        await fs.unlink(full);
        this.segments.delete(name);
        continue;
      }
      const content = await fs.readFile(full, 'utf8');
      const lines = content.split(LINE_BREAK);
      let last = lines.length - 1;
      while (last > 0 && lines[last] === '') last -= 1;
      const alerts: NewFalcoAlert[] = [];
      lines.forEach((line, index) => {
        if (line === '') return;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          value = undefined;
        }
        const alert = spooledAlert(value);
        if (alert) {
          alerts.push(alert);
        } else if (index !== last) {
          // A torn line belongs to a write a crash cut short, which was never
          // acknowledged; only a last line is expected to be one.
          this.logger.warn('Skipping an unreadable Falco spool record', {
            file: name,
            record: index + 1,
          });
        }
      });
      for (let i = 0; i < alerts.length; i += chunkSize) {
        await insert(alerts.slice(i, i + chunkSize));
      }
      await fs.unlink(full);
      this.segments.delete(name);
      drained += alerts.length;
    }
    return drained;
  }

  /**
   * Closes the open file and deletes this process's files whose every event is in the
   * database (and the unused preallocated one); the rest wait for the next drain.
   */
  async close(): Promise<void> {
    await this.rotate();
    const spare = await this.spare?.catch(() => undefined);
    this.spare = undefined;
    this.spareName = undefined;
    if (spare) {
      await spare.close();
      await fs.rm(path.join(this.directory, spare.name), { force: true });
    }
    for (const [name, segment] of this.segments) {
      if (segment.needsDrain || segment.settled < segment.appends) continue;
      await fs.rm(path.join(this.directory, name), { force: true });
      this.segments.delete(name);
    }
  }
}
