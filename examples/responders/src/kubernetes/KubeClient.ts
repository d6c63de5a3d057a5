import { readFile } from 'node:fs/promises';
import { eksToken } from './eksToken';

/** Where an in-cluster pod finds its service-account token (and CA, see the README). */
export const SERVICE_ACCOUNT_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** A non-2xx answer from the Kubernetes API, with the `Status` object's reason. */
export class KubeApiError extends Error {
  readonly name = 'KubeApiError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** `Status.reason`, e.g. `NotFound`, `AlreadyExists`, `Forbidden`. */
    readonly reason: string | undefined,
    detail: string,
  ) {
    super(
      `Kubernetes API ${method} ${path} answered ${status}${
        reason ? ` ${reason}` : ''
      }: ${detail}`,
    );
  }
}

/** How the client gets its bearer token: fixed, or read on every request. */
export type TokenSource = () => Promise<string | undefined>;

export interface KubeClientOptions {
  /** e.g. `https://ABCD.gr7.eu-west-1.eks.amazonaws.com`; no trailing slash needed. */
  apiUrl: string;
  token?: TokenSource;
  fetch?: typeof fetch;
}

/**
 * A small Kubernetes API client on plain `fetch`: the handlers need a handful of calls,
 * not a generated client of several megabytes in every Lambda package.
 *
 * TLS: Node's `fetch` trusts the public CAs plus `NODE_EXTRA_CA_CERTS`, so a cluster
 * whose certificate comes from its own CA (EKS does) needs that variable pointing at the
 * CA bundle shipped with the function. There is deliberately no "skip verification".
 */
export class KubeClient {
  private readonly apiUrl: string;
  private readonly token: TokenSource;
  private readonly fetchImpl: typeof fetch;

  constructor(options: KubeClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.token = options.token ?? (async () => undefined);
    this.fetchImpl = options.fetch ?? fetch;
  }

  /**
   * From the environment: the API server is `K8S_API_URL` (or, in a pod, the in-cluster
   * address). The token, first found of: `K8S_TOKEN`; with `EKS_CLUSTER_NAME`, an EKS
   * token minted from the function's own role (the `AWS_*` credentials Lambda sets);
   * the mounted service-account token (re-read on each request: bound tokens rotate).
   */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): KubeClient {
    const inCluster =
      env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT
        ? `https://${env.KUBERNETES_SERVICE_HOST}:${env.KUBERNETES_SERVICE_PORT}`
        : undefined;
    const apiUrl = env.K8S_API_URL || inCluster;
    if (!apiUrl) {
      throw new Error(
        'K8S_API_URL is not set (and this is not running in a pod): the handler does not know which cluster to call',
      );
    }
    return new KubeClient({ apiUrl, token: tokenFromEnvironment(env) });
  }

  /** GET; a 404 answers `undefined` rather than throwing. */
  async getOrUndefined<T>(path: string): Promise<T | undefined> {
    try {
      return await this.send<T>('GET', path);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /** One API call; JSON in and out; any non-2xx answer throws a `KubeApiError`. */
  async send<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = await this.token();
    if (token) {
      headers.authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
      headers['content-type'] = contentType;
    }
    const response = await this.fetchImpl(`${this.apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: any = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's HTML error page): reported below by status.
    }
    if (!response.ok) {
      const detail =
        typeof parsed?.message === 'string'
          ? parsed.message
          : text.slice(0, 200) || response.statusText;
      throw new KubeApiError(
        method,
        path,
        response.status,
        typeof parsed?.reason === 'string' ? parsed.reason : undefined,
        detail,
      );
    }
    return parsed as T;
  }
}

/** Path segments are validated names, but encode anyway so a path is never ambiguous. */
export function podPath(namespace: string, pod: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(
    namespace,
  )}/pods/${encodeURIComponent(pod)}`;
}

function tokenFromEnvironment(env: NodeJS.ProcessEnv): TokenSource {
  const fixed = env.K8S_TOKEN;
  if (fixed) {
    return async () => fixed;
  }
  const clusterName = env.EKS_CLUSTER_NAME;
  if (clusterName) {
    const region = env.AWS_REGION;
    const {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
    } = env;
    if (!region || !accessKeyId || !secretAccessKey) {
      throw new Error(
        'EKS_CLUSTER_NAME is set but AWS_REGION, AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not (Lambda sets them for the function role)',
      );
    }
    // Minted per request: EKS tokens live 15 minutes, a warm function lives longer.
    return async () =>
      eksToken({
        clusterName,
        region,
        credentials: {
          accessKeyId,
          secretAccessKey,
          sessionToken: env.AWS_SESSION_TOKEN,
        },
      });
  }
  return async () => {
    try {
      return (await readFile(SERVICE_ACCOUNT_TOKEN_FILE, 'utf8')).trim();
    } catch {
      return undefined;
    }
  };
}
