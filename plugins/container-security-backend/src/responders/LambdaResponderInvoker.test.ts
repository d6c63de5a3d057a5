import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AwsCredentials } from '../aws/credentials';
import {
  invocationSucceeded,
  LambdaResponderInvoker,
} from './LambdaResponderInvoker';
import { REDACTED } from './redact';
import { EXAMPLE_ACCESS_KEY_ID } from './__fixtures__/secrets';

const server = setupServer();
registerMswTestHooks(server);

const URL =
  'https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/:name/invocations';
const PAYLOAD = { idempotencyKey: 'a-1', dryRun: false, target: { pod: 'p' } };

interface Seen {
  name: string;
  qualifier: string | null;
  invocationType: string | null;
  logType: string | null;
  body: unknown;
  signed: boolean;
}

function serve(
  respond: (seen: Seen, attempt: number) => Response | Promise<Response>,
) {
  const seen: Seen[] = [];
  server.use(
    http.post(URL, async ({ request, params }) => {
      const url = new globalThis.URL(request.url);
      const s: Seen = {
        name: String(params.name),
        qualifier: url.searchParams.get('Qualifier'),
        invocationType: request.headers.get('x-amz-invocation-type'),
        logType: request.headers.get('x-amz-log-type'),
        body: await request.json(),
        signed: /^AWS4-HMAC-SHA256 /.test(
          request.headers.get('authorization') ?? '',
        ),
      };
      seen.push(s);
      return respond(s, seen.length);
    }),
  );
  return seen;
}

async function wireInvoker(
  options: { timeoutMs?: number; maxRetries?: number } = {},
) {
  const sleeps: number[] = [];
  const client = new LambdaClient({
    ...(await AwsCredentials.static({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
    }).clientConfig({ region: 'eu-west-1' })),
    maxAttempts: 1,
  });
  const invoker = new LambdaResponderInvoker({
    client,
    allowList: ['cs-quarantine-pod'],
    timeoutMs: options.timeoutMs ?? 5_000,
    maxRetries: options.maxRetries ?? 3,
    logger: mockServices.logger.mock(),
    sleep: async ms => {
      sleeps.push(ms);
    },
  });
  return { invoker, sleeps };
}

describe('LambdaResponderInvoker on the wire', () => {
  it('invokes RequestResponse with the tail log and keeps the redacted answer', async () => {
    const log = `START\nusing ${EXAMPLE_ACCESS_KEY_ID}\npassword=hunter2\nEND`;
    const seen = serve(
      () =>
        new HttpResponse(
          JSON.stringify({
            status: 'done',
            changes: ['labelled pod'],
            token: 'abc',
          }),
          {
            status: 200,
            headers: {
              'Content-Type': 'application/json',
              'X-Amz-Log-Result': Buffer.from(log).toString('base64'),
              'X-Amz-Executed-Version': '$LATEST',
            },
          },
        ),
    );
    const { invoker } = await wireInvoker();
    const result = await invoker.invoke({
      functionName: 'cs-quarantine-pod',
      qualifier: 'live',
      invocationType: 'RequestResponse',
      payload: PAYLOAD,
    });
    expect(seen).toEqual([
      {
        name: 'cs-quarantine-pod',
        qualifier: 'live',
        invocationType: 'RequestResponse',
        logType: 'Tail',
        body: PAYLOAD,
        signed: true,
      },
    ]);
    expect(result).toEqual({
      statusCode: 200,
      payload: { status: 'done', changes: ['labelled pod'], token: REDACTED },
      logTail: `START\nusing ${REDACTED}\npassword=${REDACTED}\nEND`,
      durationMs: expect.any(Number),
    });
    expect(invocationSucceeded(result)).toBe(true);
  });

  it('reports a FunctionError as a failure with the error payload', async () => {
    serve(
      () =>
        new HttpResponse(
          JSON.stringify({ errorType: 'Error', errorMessage: 'pod not found' }),
          { status: 200, headers: { 'X-Amz-Function-Error': 'Unhandled' } },
        ),
    );
    const { invoker } = await wireInvoker();
    const result = await invoker.invoke({
      functionName: 'cs-quarantine-pod',
      qualifier: '$LATEST',
      invocationType: 'RequestResponse',
      payload: PAYLOAD,
    });
    expect(result).toMatchObject({
      statusCode: 200,
      functionError: 'Unhandled',
      payload: { errorMessage: 'pod not found' },
    });
    expect(invocationSucceeded(result)).toBe(false);
  });

  it('retries a throttled invocation with growing backoff, then succeeds', async () => {
    const seen = serve((_, attempt) =>
      attempt < 3
        ? HttpResponse.json(
            { message: 'Rate exceeded', Type: 'User' },
            {
              status: 429,
              headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
            },
          )
        : HttpResponse.json({ status: 'done' }),
    );
    const { invoker, sleeps } = await wireInvoker();
    const result = await invoker.invoke({
      functionName: 'cs-quarantine-pod',
      qualifier: '$LATEST',
      invocationType: 'RequestResponse',
      payload: PAYLOAD,
    });
    expect(seen).toHaveLength(3);
    // The same payload (and idempotency key) every time.
    expect(
      seen.every(s => JSON.stringify(s.body) === JSON.stringify(PAYLOAD)),
    ).toBe(true);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] / 2);
    expect(sleeps[1]).toBeGreaterThanOrEqual(250);
    expect(result).toMatchObject({
      statusCode: 200,
      payload: { status: 'done' },
    });
  });

  it('gives up after maxRetries throttled answers', async () => {
    const seen = serve(() =>
      HttpResponse.json(
        { message: 'Rate exceeded' },
        {
          status: 429,
          headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
        },
      ),
    );
    const { invoker } = await wireInvoker({ maxRetries: 2 });
    const result = await invoker.invoke({
      functionName: 'cs-quarantine-pod',
      qualifier: '$LATEST',
      invocationType: 'RequestResponse',
      payload: PAYLOAD,
    });
    expect(seen).toHaveLength(3);
    expect(result.error).toMatch(/TooManyRequestsException.*after 3 attempts/);
    expect(invocationSucceeded(result)).toBe(false);
  });

  it('fails with a clear error when the function does not answer in time, without retrying', async () => {
    const seen = serve(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const { invoker } = await wireInvoker({ timeoutMs: 50 });
    const result = await invoker.invoke({
      functionName: 'cs-quarantine-pod',
      qualifier: '$LATEST',
      invocationType: 'RequestResponse',
      payload: PAYLOAD,
    });
    expect(seen).toHaveLength(1);
    expect(result.error).toMatch(
      /^Timed out after 0 s waiting for cs-quarantine-pod/,
    );
    expect(invocationSucceeded(result)).toBe(false);
  });

  it('accepts an Event invocation (202) without a log tail', async () => {
    const seen = serve(() => new HttpResponse(null, { status: 202 }));
    const { invoker } = await wireInvoker();
    const result = await invoker.invoke({
      functionName: 'cs-quarantine-pod',
      qualifier: '$LATEST',
      invocationType: 'Event',
      payload: PAYLOAD,
    });
    expect(seen[0]).toMatchObject({ invocationType: 'Event', logType: null });
    expect(result).toEqual({ statusCode: 202, durationMs: expect.any(Number) });
    expect(invocationSucceeded(result)).toBe(true);
  });

  it('accepts a DryRun (204)', async () => {
    const seen = serve(() => new HttpResponse(null, { status: 204 }));
    const { invoker } = await wireInvoker();
    const result = await invoker.invoke({
      functionName: 'cs-quarantine-pod',
      qualifier: '$LATEST',
      invocationType: 'DryRun',
      payload: PAYLOAD,
    });
    expect(seen[0]).toMatchObject({ invocationType: 'DryRun', logType: null });
    expect(result).toEqual({ statusCode: 204, durationMs: expect.any(Number) });
  });

  it('never sends a request for a function outside the allow-list', async () => {
    const seen = serve(() => HttpResponse.json({}));
    const { invoker } = await wireInvoker();
    const result = await invoker.invoke({
      functionName: 'delete-everything',
      qualifier: '$LATEST',
      invocationType: 'RequestResponse',
      payload: PAYLOAD,
    });
    expect(seen).toHaveLength(0);
    expect(result.error).toMatch(/not an allow-listed/);
  });

  it('signs requests to a local endpoint with dummy credentials, without an AWS account', async () => {
    let authorization: string | null = null;
    server.use(
      http.post(
        'http://127.0.0.1:7009/2015-03-31/functions/:name/invocations',
        ({ request }) => {
          authorization = request.headers.get('authorization');
          return HttpResponse.json({ status: 'dry-run' });
        },
      ),
    );
    const invoker = await LambdaResponderInvoker.create({
      config: {
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:7009',
        timeoutMs: 5_000,
        maxRetries: 0,
      },
      allowList: ['cs-quarantine-pod'],
      // Would fail if asked: the local endpoint must not need it.
      credentials: {
        clientConfig: () => Promise.reject(new Error('no AWS account')),
      } as unknown as AwsCredentials,
      logger: mockServices.logger.mock(),
    });
    const result = await invoker.invoke({
      functionName: 'cs-quarantine-pod',
      qualifier: '$LATEST',
      invocationType: 'RequestResponse',
      payload: PAYLOAD,
    });
    expect(result).toMatchObject({
      statusCode: 200,
      payload: { status: 'dry-run' },
    });
    expect(authorization).toMatch(/Credential=local\//);
  });
});
