import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CLOUDTRAIL_LOOKUP_DEFAULTS,
  CloudTrailLookupSource,
} from './CloudTrailLookupSource';
import { TokenBucket } from './TokenBucket';
import { memorySink } from './__testUtils__/memorySink';
import { roleCall } from './__testUtils__/records';

const server = setupServer();
registerMswTestHooks(server);

// What the SDK sends on the wire (the service's JSON 1.1 target, not the full shape id).
const TARGET = 'CloudTrail_20131101.LookupEvents';
const NOW = new Date('2026-11-22T08:00:00Z');
const ACCOUNT = '111122223333';

interface SeenRequest {
  region: string;
  body: {
    StartTime: number;
    EndTime: number;
    MaxResults: number;
    NextToken?: string;
  };
}

/** Serves LookupEvents on the wire: `events` per region, 50 a page, tokens `p1`, `p2`, … */
function serveCloudTrail(
  events: Record<string, number>,
  respond?: (req: SeenRequest, attempt: number) => Response | undefined,
) {
  const seen: SeenRequest[] = [];
  const attempts = new Map<string, number>();
  server.use(
    http.post(
      'https://cloudtrail.:region.amazonaws.com/',
      async ({ request, params }) => {
        expect(request.headers.get('x-amz-target')).toBe(TARGET);
        expect(request.headers.get('content-type')).toBe(
          'application/x-amz-json-1.1',
        );
        expect(request.headers.get('authorization')).toMatch(
          /^AWS4-HMAC-SHA256 /,
        );
        const req: SeenRequest = {
          region: String(params.region),
          body: (await request.json()) as SeenRequest['body'],
        };
        seen.push(req);
        const key = `${req.region}/${req.body.NextToken ?? ''}`;
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        const override = respond?.(req, attempt);
        if (override) return override;
        const total = events[req.region] ?? 0;
        const page = req.body.NextToken
          ? Number(req.body.NextToken.slice(1))
          : 0;
        const from = page * req.body.MaxResults;
        const slice = Array.from(
          { length: Math.max(0, Math.min(req.body.MaxResults, total - from)) },
          (_, i) => {
            const record = roleCall(from + i, {
              eventID: `${req.region}-${from + i}`,
              awsRegion: req.region,
            });
            return {
              EventId: record.eventID,
              EventName: record.eventName,
              EventTime: Date.parse(record.eventTime!) / 1000,
              EventSource: record.eventSource,
              CloudTrailEvent: JSON.stringify(record),
            };
          },
        );
        return HttpResponse.json({
          Events: slice,
          ...(from + req.body.MaxResults < total
            ? { NextToken: `p${page + 1}` }
            : {}),
        });
      },
    ),
  );
  return seen;
}

const awsError = (type: string, status = 400) =>
  HttpResponse.json(
    { __type: type, message: `${type} for the test` },
    { status, headers: { 'x-amzn-requestid': 'req-1' } },
  );

function source(regions: string[], overrides: { maxAttempts?: number } = {}) {
  const sleeps: number[] = [];
  const taken: string[] = [];
  const lookup = new CloudTrailLookupSource({
    ...CLOUDTRAIL_LOOKUP_DEFAULTS,
    ...overrides,
    accounts: [{ accountId: ACCOUNT, regions }],
    logger: mockServices.logger.mock(),
    clientFor: async (_account, region) =>
      new CloudTrailClient({
        region,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test' },
        ...CloudTrailLookupSource.clientDefaults,
      }),
    // A fast budget per test that counts every request it lets through.
    bucketFor: (_account, region) => {
      const bucket = new TokenBucket(1000);
      const take = bucket.take.bind(bucket);
      bucket.take = () => {
        taken.push(region);
        return take();
      };
      return bucket;
    },
    now: () => NOW,
    sleep: async ms => {
      sleeps.push(ms);
    },
  });
  return { lookup, sleeps, taken };
}

describe('CloudTrailLookupSource (LookupEvents on the wire)', () => {
  it('pages through NextToken, 50 events a page, and advances the checkpoint after the last page', async () => {
    const seen = serveCloudTrail({ 'eu-west-1': 120 });
    const { lookup, taken } = source(['eu-west-1']);
    const { sink, records, checkpoints, statuses, log } = memorySink();
    await lookup.sync(sink);

    expect(seen.map(s => s.body.NextToken)).toEqual([undefined, 'p1', 'p2']);
    expect(seen.every(s => s.body.MaxResults === 50)).toBe(true);
    expect(seen[0].body.StartTime).toBe(NOW.getTime() / 1000 - 24 * 3600);
    expect(seen[0].body.EndTime).toBe(NOW.getTime() / 1000);
    expect(records.size).toBe(120);
    expect(log).toEqual([
      'store 50',
      'store 50',
      'store 20',
      `checkpoint ${ACCOUNT}/eu-west-1 ${NOW.toISOString()}`,
    ]);
    expect(checkpoints.get(`${ACCOUNT}/eu-west-1`)).toBe(NOW.toISOString());
    expect(statuses.get(`${ACCOUNT}/eu-west-1`)?.status).toBe('ok');
    expect(taken).toHaveLength(3);

    // The next run starts at the checkpoint minus the overlap.
    seen.length = 0;
    await lookup.sync(sink);
    expect(seen[0].body.StartTime).toBe(NOW.getTime() / 1000 - 15 * 60);
  });

  it('backs off on ThrottlingException and retries the same page, losing nothing', async () => {
    const seen = serveCloudTrail({ 'eu-west-1': 120 }, (req, attempt) =>
      req.body.NextToken === 'p1' && attempt <= 2
        ? awsError('ThrottlingException')
        : undefined,
    );
    const { lookup, sleeps, taken } = source(['eu-west-1']);
    const { sink, records, checkpoints } = memorySink();
    await lookup.sync(sink);

    expect(seen.map(s => s.body.NextToken)).toEqual([
      undefined,
      'p1',
      'p1',
      'p1',
      'p2',
    ]);
    expect(records.size).toBe(120);
    expect(checkpoints.get(`${ACCOUNT}/eu-west-1`)).toBe(NOW.toISOString());
    // Exponential: the second wait is drawn from a range twice as high as the first.
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(500);
    expect(sleeps[0]).toBeLessThanOrEqual(1000);
    expect(sleeps[1]).toBeGreaterThanOrEqual(1000);
    expect(sleeps[1]).toBeLessThanOrEqual(2000);
    // Retries spend the budget too.
    expect(taken).toHaveLength(5);
  });

  it('keeps the checkpoint when throttling outlasts the retries, so the next run re-reads the window', async () => {
    let throttle = true;
    const seen = serveCloudTrail({ 'eu-west-1': 120 }, req =>
      throttle && req.body.NextToken === 'p2'
        ? awsError('ThrottlingException')
        : undefined,
    );
    const { lookup } = source(['eu-west-1'], { maxAttempts: 3 });
    const { sink, records, checkpoints, statuses } = memorySink();
    await lookup.sync(sink);
    expect(records.size).toBe(100);
    expect(checkpoints.size).toBe(0);
    expect(statuses.get(`${ACCOUNT}/eu-west-1`)).toMatchObject({
      status: 'error',
      message: expect.stringContaining('ThrottlingException'),
    });

    throttle = false;
    seen.length = 0;
    await lookup.sync(sink);
    // Same window start as the failed run: nothing was skipped.
    expect(seen[0].body.StartTime).toBe(NOW.getTime() / 1000 - 24 * 3600);
    expect(records.size).toBe(120);
    expect(checkpoints.get(`${ACCOUNT}/eu-west-1`)).toBe(NOW.toISOString());
    expect(statuses.get(`${ACCOUNT}/eu-west-1`)?.status).toBe('ok');
  });

  it('reports AccessDenied for one region and still syncs the others', async () => {
    serveCloudTrail({ 'eu-west-1': 60, 'us-east-1': 60 }, req =>
      req.region === 'us-east-1'
        ? awsError('AccessDeniedException')
        : undefined,
    );
    const { lookup, sleeps } = source(['eu-west-1', 'us-east-1']);
    const { sink, records, checkpoints, statuses } = memorySink();
    await lookup.sync(sink);
    expect(records.size).toBe(60);
    expect(statuses.get(`${ACCOUNT}/us-east-1`)).toMatchObject({
      status: 'access-denied',
      message: expect.stringContaining('cloudtrail:LookupEvents'),
    });
    expect(statuses.get(`${ACCOUNT}/us-east-1`)?.message).not.toContain(
      'AKIDEXAMPLE',
    );
    expect(checkpoints.has(`${ACCOUNT}/us-east-1`)).toBe(false);
    expect(statuses.get(`${ACCOUNT}/eu-west-1`)?.status).toBe('ok');
    // Access denied is not retried.
    expect(sleeps).toEqual([]);
  });

  it('isolates a region whose endpoint keeps failing with 5xx', async () => {
    serveCloudTrail({ 'eu-west-1': 10, 'eu-central-1': 10 }, req =>
      req.region === 'eu-central-1'
        ? awsError('InternalServerException', 500)
        : undefined,
    );
    const { lookup, sleeps } = source(['eu-west-1', 'eu-central-1'], {
      maxAttempts: 2,
    });
    const { sink, records, statuses } = memorySink();
    await lookup.sync(sink);
    expect(records.size).toBe(10);
    expect(statuses.get(`${ACCOUNT}/eu-central-1`)?.status).toBe('error');
    expect(statuses.get(`${ACCOUNT}/eu-west-1`)?.status).toBe('ok');
    expect(sleeps).toHaveLength(1);
  });

  it('refuses a budget above CloudTrail’s 2 requests per second', () => {
    expect(
      () =>
        new CloudTrailLookupSource({
          ...CLOUDTRAIL_LOOKUP_DEFAULTS,
          requestsPerSecond: 2.5,
          accounts: [],
          logger: mockServices.logger.mock(),
          clientFor: async () => new CloudTrailClient({}),
        }),
    ).toThrow('must not exceed');
  });
});
