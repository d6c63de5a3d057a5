import {
  InvokeCommand,
  InvokeCommandOutput,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ResponderInvocationResult } from '@containersec/plugin-container-security-common';
import {
  ResponderInvocation,
  ResponderInvoker,
} from '@containersec/plugin-container-security-node';
import { AwsCredentials } from '../aws/credentials';
import { redactSecrets, redactText } from './redact';

export type {
  ResponderInvocation,
  ResponderInvoker,
} from '@containersec/plugin-container-security-node';

/** Whether an invocation result counts as success. */
export function invocationSucceeded(result: ResponderInvocationResult) {
  return (
    !result.error &&
    !result.functionError &&
    result.statusCode !== undefined &&
    result.statusCode >= 200 &&
    result.statusCode < 300
  );
}

const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'EC2ThrottledException',
]);

function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  return (
    THROTTLING.has(e?.name ?? '') ||
    status === 429 ||
    e?.name === 'ServiceException' ||
    (status !== undefined && status >= 500)
  );
}

function isTimeout(error: unknown, signal: AbortSignal): boolean {
  const name = (error as { name?: string })?.name;
  return signal.aborted || name === 'AbortError' || name === 'TimeoutError';
}

// Loopback hosts: a local Lambda-compatible endpoint, never AWS.
const LOOPBACK =
  /^https?:\/\/(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?(?:\/|$)/i;

/**
 * Invokes allow-listed Lambda functions with `@aws-sdk/client-lambda`. Throttled and
 * 5xx answers are retried with exponential backoff (the function gets the same
 * idempotency key each time); a timeout is not retried, since the function may be
 * running. Returned payloads and log tails are redacted before they are kept.
 */
export class LambdaResponderInvoker implements ResponderInvoker {
  /**
   * Builds the client from config: credentials from the `aws` integration, except for a
   * loopback endpoint (the demo's local Lambda), which gets static dummy credentials so
   * it runs without an AWS account and never sees real signatures.
   */
  static async create(options: {
    config: {
      region: string;
      endpoint?: string;
      timeoutMs: number;
      maxRetries: number;
      accountId?: string;
    };
    allowList: string[];
    credentials: AwsCredentials;
    logger: LoggerService;
  }): Promise<LambdaResponderInvoker> {
    const { config } = options;
    const local = config.endpoint && LOOPBACK.test(config.endpoint);
    const credentials = local
      ? AwsCredentials.static({
          accessKeyId: 'local',
          secretAccessKey: 'local',
        })
      : options.credentials;
    const client = new LambdaClient({
      ...(await credentials.clientConfig({
        accountId: config.accountId,
        region: config.region,
        endpoint: config.endpoint,
      })),
      // Retries are ours: the SDK's would hide throttling from the backoff and the log.
      maxAttempts: 1,
    });
    return new LambdaResponderInvoker({
      client,
      allowList: options.allowList,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      logger: options.logger,
    });
  }

  private readonly allowList: Set<string>;

  constructor(
    private readonly options: {
      client: LambdaClient;
      allowList: string[];
      timeoutMs: number;
      maxRetries: number;
      logger: LoggerService;
      /** Backoff before the first retry; doubles each time. Default 250 ms. */
      baseBackoffMs?: number;
      sleep?: (ms: number) => Promise<void>;
      now?: () => number;
    },
  ) {
    this.allowList = new Set(options.allowList);
  }

  async invoke(
    invocation: ResponderInvocation,
  ): Promise<ResponderInvocationResult> {
    const now = this.options.now ?? Date.now;
    const started = now();
    if (!this.allowList.has(invocation.functionName)) {
      // The service checks first; this is the last line.
      return {
        error: `${invocation.functionName} is not an allow-listed responder function`,
        durationMs: 0,
      };
    }
    const sleep =
      this.options.sleep ??
      ((ms: number) => new Promise<void>(r => setTimeout(r, ms)));
    const base = this.options.baseBackoffMs ?? 250;
    const payload = Buffer.from(JSON.stringify(invocation.payload));
    for (let attempt = 0; ; attempt++) {
      const signal = AbortSignal.timeout(this.options.timeoutMs);
      try {
        const output = await this.options.client.send(
          new InvokeCommand({
            FunctionName: invocation.functionName,
            Qualifier: invocation.qualifier,
            InvocationType: invocation.invocationType,
            LogType:
              invocation.invocationType === 'RequestResponse'
                ? 'Tail'
                : undefined,
            Payload: payload,
          }),
          { abortSignal: signal },
        );
        return { ...readOutput(output), durationMs: now() - started };
      } catch (e) {
        if (isTimeout(e, signal)) {
          return {
            error: `Timed out after ${Math.round(
              this.options.timeoutMs / 1000,
            )} s waiting for ${
              invocation.functionName
            }; the function may still run (it gets the same idempotency key on a retry)`,
            durationMs: now() - started,
          };
        }
        if (isRetryable(e) && attempt < this.options.maxRetries) {
          const wait = base * 2 ** attempt * (0.5 + Math.random() / 2);
          this.options.logger.warn('responder invocation throttled, retrying', {
            functionName: invocation.functionName,
            attempt: attempt + 1,
            waitMs: Math.round(wait),
            error: (e as Error).name,
          });
          await sleep(wait);
          continue;
        }
        const err = e as Error & { $metadata?: { httpStatusCode?: number } };
        return {
          statusCode: err.$metadata?.httpStatusCode,
          error: redactText(
            `${err.name ?? 'Error'}: ${err.message ?? String(e)}${
              isRetryable(e) ? ` (after ${attempt + 1} attempts)` : ''
            }`,
          ),
          durationMs: now() - started,
        };
      }
    }
  }
}

function readOutput(
  output: InvokeCommandOutput,
): Omit<ResponderInvocationResult, 'durationMs'> {
  const text = output.Payload?.length
    ? Buffer.from(output.Payload).toString('utf8')
    : undefined;
  let payload: unknown = undefined;
  if (text !== undefined) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = text;
    }
  }
  return {
    statusCode: output.StatusCode,
    ...(output.FunctionError ? { functionError: output.FunctionError } : {}),
    ...(payload !== undefined ? { payload: redactSecrets(payload) } : {}),
    ...(output.LogResult
      ? {
          logTail: redactText(
            Buffer.from(output.LogResult, 'base64').toString('utf8'),
          ),
        }
      : {}),
  };
}
