import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeIam } from './FakeIam';
import { FakeKubernetes } from './FakeKubernetes';

/** A function the local endpoint runs: the payload in, the answer out; throwing fails it. */
export type LocalFunction = (
  payload: unknown,
  log: (message: string, fields?: object) => void,
) => Promise<unknown>;

export interface LocalLambdaServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  region: string;
  accountId: string;
  /** The functions by name; given the server's base URL, for handlers that call back into it. */
  functions: (baseUrl: string) => Record<string, LocalFunction>;
  kubernetes?: FakeKubernetes;
  iam?: FakeIam;
  logger: LoggerService;
  /** Like a Lambda function's timeout; 30 seconds unless given. */
  timeoutMs?: number;
}

// Lambda's synchronous payload limit.
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
// Lambda returns the last 4 KB of the log with LogType Tail.
const LOG_TAIL_BYTES = 4096;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'];

/** An error answered the way the Lambda API answers it (restJson1), which the SDK parses. */
class LambdaApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * A Lambda-compatible endpoint on loopback for the demo portal: it speaks the `Invoke`
 * operation's wire protocol (as `@aws-sdk/client-lambda` sends it) and runs the example
 * responders in this process. It also serves, under `/_demo/`, the in-memory Kubernetes
 * and IAM APIs those responders act on, and `GET /_demo/state` to see what they did.
 *
 * Not a Lambda emulator: no SigV4 check (loopback only, and nothing real can be acted
 * on), no versions or aliases other than `$LATEST`, no retries of `Event` invocations.
 */
export class LocalLambdaServer {
  private functions: Record<string, LocalFunction> = {};

  private constructor(
    private readonly server: Server,
    private readonly options: LocalLambdaServerOptions,
  ) {}

  static async start(
    options: LocalLambdaServerOptions,
  ): Promise<LocalLambdaServer> {
    const server = createServer();
    const instance = new LocalLambdaServer(server, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      instance.route(req, res).catch(error => {
        options.logger.error('local Lambda endpoint failed a request', error);
        if (!res.headersSent) {
          send(
            res,
            500,
            { Type: 'Service', Message: 'internal error' },
            { 'x-amzn-ErrorType': 'ServiceException' },
          );
        } else {
          res.end();
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Loopback only: anything that can reach it could invoke the functions.
      server.listen(options.port, '127.0.0.1', () => resolve());
    });
    instance.functions = options.functions(instance.url);
    return instance;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>(resolve =>
      this.server.close(() => resolve()),
    );
    // The SDK keeps connections alive; without this, close() waits for them to time out.
    this.server.closeAllConnections();
    await closed;
  }

  private async route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/_demo/')) {
      return this.demoApi(req, res, url);
    }
    const match = url.pathname.match(INVOKE_PATH);
    if (!match || req.method !== 'POST') {
      return sendError(
        res,
        new LambdaApiError(
          404,
          'UnknownOperationException',
          `Unknown operation ${req.method} ${url.pathname}`,
        ),
      );
    }
    try {
      await this.invoke(
        req,
        res,
        decodeURIComponent(match[1]),
        url.searchParams.get('Qualifier') ?? undefined,
      );
    } catch (error) {
      if (error instanceof LambdaApiError) {
        return sendError(res, error);
      }
      throw error;
    }
    return undefined;
  }

  private functionArn(name: string, qualifier?: string) {
    const { region, accountId } = this.options;
    return `arn:aws:lambda:${region}:${accountId}:function:${name}${
      qualifier ? `:${qualifier}` : ''
    }`;
  }

  private async invoke(
    req: IncomingMessage,
    res: ServerResponse,
    functionName: string,
    queryQualifier?: string,
  ) {
    // Lambda accepts a name, `name:qualifier`, a partial ARN or a full ARN.
    const parts = functionName.match(
      /^(?:arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:|\d{12}:function:)?([\w-]{1,64})(?::([\w$-]+))?$/,
    );
    if (!parts) {
      throw new LambdaApiError(
        400,
        'InvalidParameterValueException',
        `1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint`,
      );
    }
    const [, name, nameQualifier] = parts;
    if (nameQualifier && queryQualifier && nameQualifier !== queryQualifier) {
      throw new LambdaApiError(
        400,
        'InvalidParameterValueException',
        'The derived qualifier from the function name does not match the specified qualifier.',
      );
    }
    const qualifier = nameQualifier ?? queryQualifier;
    const fn = this.functions[name];
    if (!fn || (qualifier !== undefined && qualifier !== '$LATEST')) {
      throw new LambdaApiError(
        404,
        'ResourceNotFoundException',
        `Function not found: ${this.functionArn(name, qualifier)}`,
      );
    }
    const invocationType =
      header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
    if (!INVOCATION_TYPES.includes(invocationType)) {
      throw new LambdaApiError(
        400,
        'InvalidParameterValueException',
        `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
      );
    }
    const payload = parsePayload(await readBody(req));
    const requestId = randomUUID();
    const common = { 'x-amzn-RequestId': requestId };

    if (invocationType === 'DryRun') {
      // The function exists and the payload is JSON: that is all a dry run checks.
      res.writeHead(204, common).end();
      return;
    }
    if (invocationType === 'Event') {
      res.writeHead(202, common).end();
      void this.run(name, fn, payload, requestId).then(outcome =>
        this.options.logger.info('local Lambda event invocation finished', {
          functionName: name,
          requestId,
          failed: outcome.failed,
        }),
      );
      return;
    }
    const outcome = await this.run(name, fn, payload, requestId);
    const headers: Record<string, string> = {
      ...common,
      'X-Amz-Executed-Version': '$LATEST',
    };
    if (outcome.failed) {
      headers['X-Amz-Function-Error'] = 'Unhandled';
    }
    if (header(req, 'x-amz-log-type') === 'Tail') {
      const tail = Buffer.from(outcome.log, 'utf8');
      headers['X-Amz-Log-Result'] = tail
        .subarray(Math.max(0, tail.length - LOG_TAIL_BYTES))
        .toString('base64');
    }
    send(res, 200, outcome.answer, headers);
  }

  /** Runs a function as the Lambda runtime would: a log framed by START/END/REPORT. */
  private async run(
    name: string,
    fn: LocalFunction,
    payload: unknown,
    requestId: string,
  ) {
    const lines = [`START RequestId: ${requestId} Version: $LATEST`];
    const log = (message: string, fields?: object) => {
      lines.push(
        `${new Date().toISOString()}\t${requestId}\tINFO\t${JSON.stringify({
          message,
          ...fields,
        })}`,
      );
    };
    const started = Date.now();
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    let answer: unknown;
    let failed = false;
    try {
      answer = await Promise.race([
        fn(payload, log),
        new Promise((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                Object.assign(
                  new Error(
                    `Task timed out after ${(timeoutMs / 1000).toFixed(
                      2,
                    )} seconds`,
                  ),
                  { name: 'Sandbox.Timedout' },
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      failed = true;
      const e = error instanceof Error ? error : new Error(String(error));
      // The runtime's shape for an unhandled error; no stack (it names local paths).
      answer = { errorType: e.name, errorMessage: e.message, trace: [] };
      lines.push(
        `${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(
          answer,
        )}`,
      );
    } finally {
      clearTimeout(timer);
    }
    const duration = Date.now() - started;
    lines.push(`END RequestId: ${requestId}`);
    lines.push(
      `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(
        2,
      )} ms\tBilled Duration: ${Math.max(1, duration)} ms`,
    );
    this.options.logger.info('local Lambda invocation', {
      functionName: name,
      requestId,
      failed,
      durationMs: duration,
    });
    return { answer: answer ?? null, failed, log: `${lines.join('\n')}\n` };
  }

  private async demoApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const { kubernetes, iam } = this.options;
    if (url.pathname === '/_demo/state' && req.method === 'GET') {
      return send(res, 200, {
        kubernetes: kubernetes?.snapshot(),
        iam: iam?.snapshot(),
      });
    }
    if (url.pathname.startsWith('/_demo/k8s/') && kubernetes) {
      const text = (await readBody(req)).toString('utf8');
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return send(res, 400, {
          kind: 'Status',
          status: 'Failure',
          reason: 'BadRequest',
          code: 400,
          message: 'the body is not JSON',
        });
      }
      const answer = kubernetes.handle(
        req.method ?? 'GET',
        url.pathname.slice('/_demo/k8s'.length),
        body,
      );
      return send(res, answer.status, answer.body);
    }
    if (
      url.pathname.replace(/\/$/, '') === '/_demo/iam' &&
      iam &&
      req.method === 'POST'
    ) {
      const answer = iam.handle(
        new URLSearchParams((await readBody(req)).toString('utf8')),
      );
      res
        .writeHead(answer.status, { 'content-type': 'text/xml' })
        .end(answer.xml);
      return undefined;
    }
    return send(res, 404, { message: `no demo API at ${url.pathname}` });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_PAYLOAD_BYTES) {
      throw new LambdaApiError(
        413,
        'RequestTooLargeException',
        `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parsePayload(body: Buffer): unknown {
  if (body.length === 0) {
    return {};
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new LambdaApiError(
      400,
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
    );
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: LambdaApiError) {
  // What Lambda sends: the code in x-amzn-ErrorType and {Type, Message} in the body.
  send(
    res,
    error.status,
    { Type: 'User', Message: error.message },
    { 'x-amzn-ErrorType': `${error.code}:` },
  );
}
