import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import fs from 'fs/promises';
import path from 'path';

/**
 * Where CloudTrail log files are: an S3 bucket as CloudTrail delivers them, or a folder
 * with the same layout. Keys use `/` and sort like S3 (UTF-8 byte order).
 */
export interface LogFileStore {
  /** A description safe to show (bucket or folder name). */
  readonly description: string;
  /** The immediate "sub-folders" under a prefix ending in `/`, as full prefixes. */
  listPrefixes(prefix: string): Promise<string[]>;
  /** Every key under the prefix after `startAfter`, in key order, page by page. */
  listKeys(prefix: string, startAfter?: string): AsyncIterable<string[]>;
  read(key: string): Promise<Buffer>;
}

/** Log files in S3 (`s3:ListBucket` and `s3:GetObject`). */
export class S3LogFileStore implements LogFileStore {
  readonly description: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {
    this.description = `s3://${bucket}`;
  }

  async listPrefixes(prefix: string): Promise<string[]> {
    const prefixes: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          Delimiter: '/',
          ContinuationToken: token,
        }),
      );
      for (const p of page.CommonPrefixes ?? []) {
        if (p.Prefix) prefixes.push(p.Prefix);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return prefixes;
  }

  async *listKeys(prefix: string, startAfter?: string) {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          // S3 ignores StartAfter once a continuation token is given.
          StartAfter: token ? undefined : startAfter,
          ContinuationToken: token,
        }),
      );
      yield (page.Contents ?? []).flatMap(o => (o.Key ? [o.Key] : []));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async read(key: string): Promise<Buffer> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key }),
    );
    if (!object.Body) return Buffer.alloc(0);
    return Buffer.from(await object.Body.transformToByteArray());
  }
}

/** Log files in a local folder laid out like the bucket (the demo's `examples/cloudtrail`). */
export class FolderLogFileStore implements LogFileStore {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = path.basename(root);
  }

  private resolve(key: string): string {
    const full = path.resolve(this.root, key);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) {
      throw new Error(`Key outside the log folder: ${key}`);
    }
    return full;
  }

  async listPrefixes(prefix: string): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.resolve(prefix), {
        withFileTypes: true,
      });
      return entries
        .filter(e => e.isDirectory())
        .map(e => `${prefix}${e.name}/`)
        .sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  async *listKeys(prefix: string, startAfter?: string) {
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(this.resolve(dir), { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const entry of entries) {
        const key = dir ? `${dir}${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(`${key}/`);
        else if (entry.isFile()) keys.push(key);
      }
    };
    await walk(prefix);
    keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    yield keys.filter(k => !startAfter || k > startAfter);
  }

  async read(key: string): Promise<Buffer> {
    return fs.readFile(this.resolve(key));
  }
}
