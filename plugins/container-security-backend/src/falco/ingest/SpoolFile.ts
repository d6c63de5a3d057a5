import { constants, write as writeFd } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

// With O_DSYNC a write returns once its data is durable: one trip to the thread pool
// per group rather than a write and then an fdatasync. Where the platform has no
// O_DSYNC, each write is followed by an fdatasync.
const DSYNC = constants.O_DSYNC;
const APPEND_FLAGS =
  DSYNC === undefined
    ? 'a'
    : constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | DSYNC;
const OVERWRITE_FLAGS = DSYNC === undefined ? 'r+' : constants.O_WRONLY | DSYNC;

const ZEROS = Buffer.alloc(1 << 20);

/** Makes a new or removed directory entry durable. */
async function syncDirectory(directory: string): Promise<void> {
  const dir = await fs.open(directory, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/**
 * Writes `data` in one write at `position` (null: at the end, in append mode). The
 * callback API: issuing a FileHandle write costs the event loop about twice as much. A
 * short write (a full disk) fails rather than leaving the rest for a concurrent write.
 */
function writeOnce(
  fd: number,
  data: Buffer,
  position: number | null,
): Promise<void> {
  return new Promise((resolve, reject) => {
    writeFd(fd, data, 0, data.length, position, (error, written) => {
      if (error) reject(error);
      else if (written < data.length) {
        reject(
          new Error(`short spool write: ${written} of ${data.length} bytes`),
        );
      } else resolve();
    });
  });
}

/**
 * One spool file being written. Either appended to, or (preallocated) filled with zeros
 * and synced before its first event, then written at reserved offsets: a synced write
 * into blocks that already exist changes neither the file's size nor its block map, so
 * it is one data write where an append is a data write plus a journal commit (about half
 * the latency of an acknowledgement on ext4). Readers split lines at runs of NUL, so the
 * unwritten tail, and a range a crash left unwritten, read as nothing.
 */
export class SpoolFile {
  private next = 0;

  private constructor(
    readonly name: string,
    private readonly handle: fs.FileHandle,
    /** Zero-filled bytes; 0 for an append-mode file. */
    private readonly size: number,
  ) {}

  /** Creates the file (zero-filled to `preallocate` bytes when above 0) and syncs its directory entry. */
  static async create(
    directory: string,
    name: string,
    preallocate: number,
  ): Promise<SpoolFile> {
    await fs.mkdir(directory, { recursive: true });
    const full = path.join(directory, name);
    if (preallocate <= 0) {
      const handle = await fs.open(full, APPEND_FLAGS);
      await syncDirectory(directory);
      return new SpoolFile(name, handle, 0);
    }
    // `wx`: a name that exists belongs to a file with events in it.
    const filling = await fs.open(full, 'wx');
    try {
      for (let at = 0; at < preallocate; at += ZEROS.length) {
        const length = Math.min(ZEROS.length, preallocate - at);
        await filling.write(ZEROS, 0, length, at);
      }
      await filling.datasync();
    } finally {
      await filling.close();
    }
    await syncDirectory(directory);
    return new SpoolFile(
      name,
      await fs.open(full, OVERWRITE_FLAGS),
      preallocate,
    );
  }

  /**
   * Where `length` bytes go, or undefined when they no longer fit this preallocated
   * file. The first write always fits (the file grows past its zeros if it must).
   */
  reserve(length: number): number | null | undefined {
    if (this.size === 0) return null;
    if (this.next > 0 && this.next + length > this.size) return undefined;
    const at = this.next;
    this.next += length;
    return at;
  }

  /** Writes `data` at a position from {@link SpoolFile.reserve}; resolves once it is durable. */
  async write(data: Buffer, position: number | null): Promise<void> {
    await writeOnce(this.handle.fd, data, position);
    if (DSYNC === undefined) await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
