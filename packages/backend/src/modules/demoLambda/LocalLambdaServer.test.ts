import {
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { mockServices } from '@backstage/backend-test-utils';
import { LocalFunction, LocalLambdaServer } from './LocalLambdaServer';

const decode = (bytes?: Uint8Array) =>
  bytes && bytes.length
    ? JSON.parse(Buffer.from(bytes).toString('utf8'))
    : undefined;

describe('LocalLambdaServer', () => {
  let server: LocalLambdaServer;
  let lambda: LambdaClient;
  const calls: unknown[] = [];
  let eventRun: Promise<unknown>;
  let resolveEventRun: (payload: unknown) => void;

  beforeAll(async () => {
    const functions: Record<string, LocalFunction> = {
      'cs-echo': async (payload, log) => {
        calls.push(payload);
        log('echoing', { size: JSON.stringify(payload).length });
        resolveEventRun?.(payload);
        return { status: 'done', changes: [], message: 'echo', payload };
      },
      'cs-fails': async () => {
        throw new TypeError('target.pod: expected a Kubernetes object name');
      },
      'cs-hangs': () => new Promise(() => {}),
    };
    server = await LocalLambdaServer.start({
      port: 0,
      region: 'eu-west-1',
      accountId: '000000000000',
      functions: () => functions,
      logger: mockServices.logger.mock(),
      timeoutMs: 200,
    });
    // The backend's client, as configured for the demo: endpoint override, dummy credentials.
    lambda = new LambdaClient({
      region: 'eu-west-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    lambda.destroy();
    await server.stop();
  });

  beforeEach(() => {
    calls.length = 0;
    eventRun = new Promise(resolve => {
      resolveEventRun = resolve;
    });
  });

  const payload = (body: object) => Buffer.from(JSON.stringify(body));

  it('answers RequestResponse with the function result, the executed version and the log tail', async () => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'cs-echo',
        InvocationType: 'RequestResponse',
        LogType: 'Tail',
        Payload: payload({ idempotencyKey: 'a1' }),
      }),
    );

    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(decode(out.Payload)).toEqual({
      status: 'done',
      changes: [],
      message: 'echo',
      payload: { idempotencyKey: 'a1' },
    });
    const tail = Buffer.from(out.LogResult!, 'base64').toString('utf8');
    expect(tail).toMatch(/^START RequestId: [\w-]+ Version: \$LATEST\n/);
    expect(tail).toContain('"message":"echoing"');
    expect(tail).toMatch(
      /END RequestId: [\w-]+\nREPORT RequestId: [\w-]+\tDuration: /,
    );
  });

  it('sends no log tail unless asked', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'cs-echo', Payload: payload({}) }),
    );

    expect(out.StatusCode).toBe(200);
    expect(out.LogResult).toBeUndefined();
  });

  it('accepts $LATEST as a qualifier, and full and partial ARNs', async () => {
    for (const FunctionName of [
      'cs-echo',
      'cs-echo:$LATEST',
      'arn:aws:lambda:eu-west-1:000000000000:function:cs-echo',
      '000000000000:function:cs-echo',
    ]) {
      const out = await lambda.send(
        new InvokeCommand({
          FunctionName,
          Qualifier: '$LATEST',
          Payload: payload({ n: 1 }),
        }),
      );
      expect(out.StatusCode).toBe(200);
    }
    expect(calls).toHaveLength(4);
  });

  it('reports a thrown error as FunctionError Unhandled with errorType and errorMessage', async () => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'cs-fails',
        LogType: 'Tail',
        Payload: payload({}),
      }),
    );

    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toEqual({
      errorType: 'TypeError',
      errorMessage: 'target.pod: expected a Kubernetes object name',
      trace: [],
    });
    expect(Buffer.from(out.LogResult!, 'base64').toString()).toContain(
      'ERROR\tInvoke Error',
    );
  });

  it('times a function out like Lambda does', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'cs-hangs', Payload: payload({}) }),
    );

    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toMatchObject({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 0.20 seconds',
    });
  });

  it('answers Event with 202 and runs the function afterwards', async () => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'cs-echo',
        InvocationType: 'Event',
        Payload: payload({ idempotencyKey: 'ev' }),
      }),
    );

    expect(out.StatusCode).toBe(202);
    expect(out.Payload?.length ?? 0).toBe(0);
    await expect(eventRun).resolves.toEqual({ idempotencyKey: 'ev' });
  });

  it('answers DryRun with 204 without running the function', async () => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'cs-echo',
        InvocationType: 'DryRun',
        Payload: payload({}),
      }),
    );

    expect(out.StatusCode).toBe(204);
    expect(calls).toEqual([]);
  });

  it.each([
    [
      'an unknown function',
      { FunctionName: 'cs-nope' },
      'Function not found: arn:aws:lambda:eu-west-1:000000000000:function:cs-nope',
    ],
    [
      'an unknown qualifier',
      { FunctionName: 'cs-echo', Qualifier: 'prod' },
      'Function not found: arn:aws:lambda:eu-west-1:000000000000:function:cs-echo:prod',
    ],
  ])(
    'answers %s with ResourceNotFoundException, as the SDK parses it',
    async (_, input, message) => {
      const error = await lambda
        .send(new InvokeCommand({ ...input, Payload: payload({}) }))
        .catch(e => e);

      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error.message).toBe(message);
      expect(error.$metadata.httpStatusCode).toBe(404);
      expect(calls).toEqual([]);
    },
  );

  it('rejects a payload that is not JSON, and an unknown invocation type', async () => {
    const bad = await lambda
      .send(
        new InvokeCommand({
          FunctionName: 'cs-echo',
          Payload: Buffer.from('{not json'),
        }),
      )
      .catch(e => e);
    expect(bad.name).toBe('InvalidRequestContentException');
    expect(bad.message).toMatch(/^Could not parse request body into json/);

    const type = await lambda
      .send(
        new InvokeCommand({
          FunctionName: 'cs-echo',
          InvocationType: 'Later' as any,
          Payload: payload({}),
        }),
      )
      .catch(e => e);
    expect(type.name).toBe('InvalidParameterValueException');
    expect(calls).toEqual([]);
  });
});
