import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuditEventSink,
  AuditEventSource,
  CloudTrailRecord,
} from '@containersec/plugin-container-security-node';
import { gunzipSync } from 'zlib';
import { LogFileStore } from './logFileStores';

// <prefix>AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json.gz
const ACCOUNT_PREFIX = /AWSLogs\/(\d{12})\/$/;
const REGION_PREFIX = /CloudTrail\/([a-z0-9-]+)\/$/;

/** Reads one log file: gzip or plain JSON `{"Records": [...]}`. */
export function parseLogFile(content: Buffer): CloudTrailRecord[] {
  const text = (
    content[0] === 0x1f && content[1] === 0x8b ? gunzipSync(content) : content
  ).toString('utf8');
  const parsed = JSON.parse(text);
  if (!parsed || !Array.isArray(parsed.Records)) {
    throw new Error('not a CloudTrail log file: no Records array');
  }
  return parsed.Records;
}

/**
 * CloudTrail log files as CloudTrail delivers them to S3 (or a copy in a folder), read
 * incrementally per account and region: files are processed in key order (which is time
 * order within a region) and the checkpoint is the last key fully stored.
 */
export class CloudTrailLogFileSource implements AuditEventSource {
  readonly id: string;

  constructor(
    private readonly options: {
      /** Appended to `cloudtrail-logs:` to make the source id. */
      name: string;
      store: LogFileStore;
      /** Prefix before `AWSLogs/`, e.g. `org-trail/`; empty by default. */
      prefix?: string;
      /** Only these accounts / regions, when given. */
      accounts?: string[];
      regions?: string[];
      logger: LoggerService;
    },
  ) {
    this.id = `cloudtrail-logs:${options.name}`;
  }

  async sync(sink: AuditEventSink): Promise<void> {
    const { store, logger } = this.options;
    const base = `${this.options.prefix ?? ''}AWSLogs/`;
    const accounts = (await store.listPrefixes(base)).filter(p => {
      const account = ACCOUNT_PREFIX.exec(p)?.[1];
      return (
        account &&
        (!this.options.accounts || this.options.accounts.includes(account))
      );
    });
    for (const accountPrefix of accounts) {
      const accountId = ACCOUNT_PREFIX.exec(accountPrefix)![1];
      const regions = (
        await store.listPrefixes(`${accountPrefix}CloudTrail/`)
      ).filter(p => {
        const region = REGION_PREFIX.exec(p)?.[1];
        return (
          region &&
          (!this.options.regions || this.options.regions.includes(region))
        );
      });
      for (const regionPrefix of regions) {
        const region = REGION_PREFIX.exec(regionPrefix)![1];
        try {
          const files = await this.syncRegion(
            sink,
            accountId,
            region,
            regionPrefix,
          );
          await sink.reportStatus({ accountId, region, status: 'ok' });
          if (files) {
            logger.info('cloudtrail log files read', {
              source: this.id,
              accountId,
              region,
              files,
            });
          }
        } catch (e) {
          // One region's problem (a corrupt file, a denied read) does not stop the others.
          const name = (e as Error)?.name ?? 'Error';
          await sink.reportStatus({
            accountId,
            region,
            status: /AccessDenied/.test(name) ? 'access-denied' : 'error',
            message: `${store.description}: ${name}: ${(e as Error)?.message}`,
          });
        }
      }
    }
  }

  private async syncRegion(
    sink: AuditEventSink,
    accountId: string,
    region: string,
    regionPrefix: string,
  ): Promise<number> {
    const { store } = this.options;
    const checkpoint = await sink.getCheckpoint(accountId, region);
    let files = 0;
    for await (const keys of store.listKeys(regionPrefix, checkpoint)) {
      for (const key of keys) {
        if (!/\.json(\.gz)?$/.test(key)) continue;
        const records = parseLogFile(await store.read(key));
        await sink.store(records);
        const latest = records.reduce<number>(
          (max, r) => Math.max(max, Date.parse(r.eventTime ?? '') || 0),
          0,
        );
        // Advance only past a file whose records are stored.
        await sink.setCheckpoint(
          accountId,
          region,
          key,
          latest ? new Date(latest) : undefined,
        );
        files++;
      }
    }
    return files;
  }
}
