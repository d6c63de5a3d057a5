import {
  InvokeCommand,
  LambdaClient,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { mockServices } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaResponderInvoker } from './LambdaResponderInvoker';

const PAYLOAD = { idempotencyKey: 'a-1', dryRun: false };

describe('LambdaResponderInvoker at the SDK boundary', () => {
  const lambda = mockClient(LambdaClient);
  afterEach(() => lambda.reset());

  function invoker() {
    return new LambdaResponderInvoker({
      client: new LambdaClient({ region: 'eu-west-1' }),
      allowList: ['cs-scale-to-zero'],
      timeoutMs: 5_000,
      maxRetries: 1,
      logger: mockServices.logger.mock(),
      sleep: async () => {},
    });
  }

  it('sends the contract payload with the qualifier and invocation type', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: Buffer.from('{"status":"already-done"}') as any,
    });
    const result = await invoker().invoke({
      functionName: 'cs-scale-to-zero',
      qualifier: '3',
      invocationType: 'RequestResponse',
      payload: PAYLOAD,
    });
    const input = lambda.commandCalls(InvokeCommand)[0].args[0].input;
    expect(input).toMatchObject({
      FunctionName: 'cs-scale-to-zero',
      Qualifier: '3',
      InvocationType: 'RequestResponse',
      LogType: 'Tail',
    });
    expect(
      JSON.parse(Buffer.from(input.Payload as Uint8Array).toString()),
    ).toEqual(PAYLOAD);
    expect(result.payload).toEqual({ status: 'already-done' });
  });

  it('retries TooManyRequestsException and reports a non-retryable error as it is', async () => {
    lambda
      .on(InvokeCommand)
      .rejectsOnce(
        new TooManyRequestsException({ message: 'slow down', $metadata: {} }),
      )
      .rejects(
        Object.assign(new Error('Function not found: cs-scale-to-zero'), {
          name: 'ResourceNotFoundException',
          $metadata: { httpStatusCode: 404 },
        }),
      );
    const result = await invoker().invoke({
      functionName: 'cs-scale-to-zero',
      qualifier: '$LATEST',
      invocationType: 'Event',
      payload: PAYLOAD,
    });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(2);
    expect(result).toMatchObject({
      statusCode: 404,
      error: 'ResourceNotFoundException: Function not found: cs-scale-to-zero',
    });
    expect(
      lambda.commandCalls(InvokeCommand)[0].args[0].input.LogType,
    ).toBeUndefined();
  });
});
