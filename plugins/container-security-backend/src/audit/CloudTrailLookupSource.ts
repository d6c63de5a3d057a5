import {
  CloudTrailClient,
  Event as LookupEvent,
  LookupEventsCommand,
  LookupEventsCommandInput,
  LookupEventsCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuditEventSink,
  AuditEventSource,
  CloudTrailRecord,
} from '@containersec/plugin-container-security-node';
import { AwsCredentials } from '../aws/credentials';
import { sharedTokenBucket, TokenBucket } from './TokenBucket';

/** CloudTrail's documented LookupEvents quota per account and region. */
export const CLOUDTRAIL_LOOKUP_MAX_RATE = 2;

/** One account to read, in which regions. */
export interface CloudTrailAccountConfig {
  accountId: string;
  regions: string[];
  /** How far back the first sync of a region reads, in ms. */
  lookbackMs?: number;
}

/** Options of {@link CloudTrailLookupSource}. */
export interface CloudTrailLookupOptions {
  accounts: CloudTrailAccountConfig[];
  /** Requests per second per account and region; at most {@link CLOUDTRAIL_LOOKUP_MAX_RATE}. */
  requestsPerSecond: number;
  /** Re-read this much before the checkpoint: CloudTrail delivers events minutes late. */
  overlapMs: number;
  /** First-sync lookback when the account does not set one. */
  lookbackMs: number;
  /** Attempts per page on throttling or 5xx before the run gives up on the region. */
  maxAttempts: number;
  /** Backoff before the first retry; doubles each time, with jitter, up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  logger: LoggerService;
  /** Builds the client of one account and region. */
  clientFor(accountId: string, region: string): Promise<CloudTrailClient>;
  /** For tests: the budget of one account and region (default: the process-wide one). */
  bucketFor?(accountId: string, region: string): TokenBucket;
  now?(): Date;
  sleep?(ms: number): Promise<void>;
}

/** Defaults of everything but accounts, logger and clients. */
export const CLOUDTRAIL_LOOKUP_DEFAULTS = {
  requestsPerSecond: 1.5,
  overlapMs: 15 * 60_000,
  lookbackMs: 24 * 3600_000,
  maxAttempts: 8,
  baseBackoffMs: 1000,
  maxBackoffMs: 20_000,
};

const PAGE_SIZE = 50;

// A factory may hand out the same client twice; it must wait for one token per request, not two.
const limitedClients = new WeakSet<CloudTrailClient>();

function errorName(e: unknown): string {
  const err = e as { name?: string; Code?: string; code?: string };
  return err?.name ?? err?.Code ?? err?.code ?? 'Error';
}
function httpStatus(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } })?.$metadata
    ?.httpStatusCode;
}
function isThrottling(e: unknown): boolean {
  const name = errorName(e);
  return (
    /Throttl|TooManyRequests|RequestLimitExceeded/.test(name) ||
    httpStatus(e) === 429
  );
}
function isRetryable(e: unknown): boolean {
  const status = httpStatus(e);
  return (
    isThrottling(e) ||
    (status !== undefined && status >= 500) ||
    /TimeoutError|ECONNRESET|ECONNREFUSED|socket hang up/.test(
      `${errorName(e)} ${(e as Error)?.message}`,
    )
  );
}
function isAccessDenied(e: unknown): boolean {
  return (
    /AccessDenied|UnauthorizedOperation|UnrecognizedClient|InvalidClientTokenId/.test(
      errorName(e),
    ) || httpStatus(e) === 403
  );
}
function messageOf(e: unknown): string {
  return `${errorName(e)}: ${(e as Error)?.message ?? String(e)}`;
}

/** The full record of a LookupEvents event (its `CloudTrailEvent` JSON), else what the summary has. */
function recordOf(event: LookupEvent): CloudTrailRecord | undefined {
  if (event.CloudTrailEvent) {
    try {
      return JSON.parse(event.CloudTrailEvent);
    } catch {
      // fall back to the summary fields below
    }
  }
  if (!event.EventId || !event.EventTime) return undefined;
  return {
    eventID: event.EventId,
    eventTime: event.EventTime.toISOString(),
    eventName: event.EventName,
    eventSource: event.EventSource,
    userIdentity: { userName: event.Username, accessKeyId: event.AccessKeyId },
    resources: (event.Resources ?? []).map(r => ({
      ARN: r.ResourceName,
      type: r.ResourceType,
    })),
  };
}

/**
 * Incremental CloudTrail `LookupEvents` sync per account and region. Every request of an
 * account and region (retries included) spends one process-wide budget; the checkpoint of
 * a region moves to the end of the window only once every page of it is stored, so a
 * failure means the next run reads the same window again (events are deduplicated).
 */
export class CloudTrailLookupSource implements AuditEventSource {
  readonly id = 'cloudtrail-api';
  private readonly options: CloudTrailLookupOptions;

  /** Client options every LookupEvents client should use: our retries, not the SDK's. */
  static clientDefaults = { maxAttempts: 1 };

  /**
   * Adds the budget to a client so every HTTP attempt it makes waits for a token.
   */
  static limitClient(client: CloudTrailClient, bucket: TokenBucket) {
    if (limitedClients.has(client)) return client;
    limitedClients.add(client);
    client.middlewareStack.add(
      next => async args => {
        const done = await bucket.take();
        try {
          return await next(args);
        } finally {
          done();
        }
      },
      {
        // Innermost, after signing and endpoint resolution: the wait ends right before the
        // request leaves, and the response ends it; every attempt goes through here.
        step: 'deserialize',
        name: 'containerSecurityRequestBudget',
        priority: 'low',
      },
    );
    return client;
  }

  /** A client factory through Backstage's AWS integration, optionally to a fixed endpoint. */
  static clientFactory(
    credentials: AwsCredentials,
    options: { endpoint?: string } = {},
  ) {
    return async (accountId: string, region: string) =>
      new CloudTrailClient({
        ...(await credentials.clientConfig({
          accountId,
          region,
          endpoint: options.endpoint,
        })),
        ...CloudTrailLookupSource.clientDefaults,
      });
  }

  constructor(options: CloudTrailLookupOptions) {
    if (options.requestsPerSecond > CLOUDTRAIL_LOOKUP_MAX_RATE) {
      throw new Error(
        `containerSecurity.audit.cloudtrail.requestsPerSecond must not exceed CloudTrail's ${CLOUDTRAIL_LOOKUP_MAX_RATE}/s`,
      );
    }
    this.options = options;
  }

  async sync(sink: AuditEventSink): Promise<void> {
    const targets = this.options.accounts.flatMap(a =>
      a.regions.map(region => ({ account: a, region })),
    );
    // Regions have separate budgets, so they run side by side; each settles on its own.
    await Promise.all(
      targets.map(({ account, region }) =>
        this.syncRegion(sink, account, region),
      ),
    );
  }

  private bucket(accountId: string, region: string): TokenBucket {
    return (
      this.options.bucketFor?.(accountId, region) ??
      sharedTokenBucket(
        `cloudtrail:${accountId}:${region}`,
        this.options.requestsPerSecond,
      )
    );
  }

  private async syncRegion(
    sink: AuditEventSink,
    account: CloudTrailAccountConfig,
    region: string,
  ): Promise<void> {
    const { accountId } = account;
    const { logger } = this.options;
    const now = this.options.now?.() ?? new Date();
    try {
      const checkpoint = await sink.getCheckpoint(accountId, region);
      const lookback = account.lookbackMs ?? this.options.lookbackMs;
      const start = checkpoint
        ? new Date(Date.parse(checkpoint) - this.options.overlapMs)
        : new Date(now.getTime() - lookback);
      const end = now;
      const client = CloudTrailLookupSource.limitClient(
        await this.options.clientFor(accountId, region),
        this.bucket(accountId, region),
      );
      let nextToken: string | undefined;
      let pages = 0;
      let events = 0;
      do {
        const page = await this.lookupPage(client, {
          StartTime: start,
          EndTime: end,
          MaxResults: PAGE_SIZE,
          NextToken: nextToken,
        });
        const records = (page.Events ?? []).flatMap(e => {
          const r = recordOf(e);
          return r ? [r] : [];
        });
        await sink.store(records);
        pages++;
        events += records.length;
        nextToken = page.NextToken;
      } while (nextToken);
      await sink.setCheckpoint(accountId, region, end.toISOString(), end);
      await sink.reportStatus({ accountId, region, status: 'ok' });
      logger.info('cloudtrail lookup synced', {
        accountId,
        region,
        pages,
        events,
      });
    } catch (e) {
      if (isAccessDenied(e)) {
        await sink.reportStatus({
          accountId,
          region,
          status: 'access-denied',
          message: `cloudtrail:LookupEvents was denied in account ${accountId}, region ${region} (${errorName(
            e,
          )}); grant it to the role the portal uses for this account`,
        });
        return;
      }
      await sink.reportStatus({
        accountId,
        region,
        status: 'error',
        message: messageOf(e),
      });
    }
  }

  /** One page, retried with backoff on throttling and transient errors. */
  private async lookupPage(
    client: CloudTrailClient,
    input: LookupEventsCommandInput,
  ): Promise<LookupEventsCommandOutput> {
    const { maxAttempts, baseBackoffMs, maxBackoffMs } = this.options;
    const sleep =
      this.options.sleep ??
      ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.send(new LookupEventsCommand(input));
      } catch (e) {
        if (!isRetryable(e) || attempt >= maxAttempts) throw e;
        const backoff = Math.min(
          maxBackoffMs,
          baseBackoffMs * 2 ** (attempt - 1),
        );
        // Full jitter on top of half the backoff keeps retries of many regions apart.
        await sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    }
  }
}
