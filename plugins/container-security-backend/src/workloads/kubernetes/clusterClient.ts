import {
  createConfiguration,
  HttpMethod,
  KubeConfig,
  ServerConfiguration,
} from '@kubernetes/client-node';
import { KubernetesObject } from '@containersec/plugin-container-security-node';
import { KubernetesClusterEntry } from './clusterConfig';
import { readListPage } from './listResponse';
import { KubernetesResourceType, listPathOf } from './resourceTypes';

/** The API server answered a list call with a non-2xx status. */
export class KubernetesStatusError extends Error {
  constructor(readonly status: number, readonly resource: string) {
    super(`HTTP ${status} listing ${resource}`);
  }
}

/** A guard against a server that keeps answering with more pages. */
const MAX_PAGES = 10_000;

/**
 * Lists resource types of one cluster through `@kubernetes/client-node`: a KubeConfig
 * built from the cluster entry applies the server url, CA, TLS settings and bearer
 * token, and the client's HTTP library sends the request. The bodies are read as the
 * API returned them (not through the typed models, which drop fields they do not know
 * and rename some, such as NetworkPolicy `from`).
 */
export class ClusterClient {
  private readonly kubeConfig: KubeConfig;
  private readonly configuration: ReturnType<typeof createConfiguration>;

  constructor(
    cluster: KubernetesClusterEntry & { url: string },
    token: string | undefined,
    private readonly options: { pageSize: number; requestTimeoutMs: number },
  ) {
    const server = cluster.url.replace(/\/+$/, '');
    this.kubeConfig = new KubeConfig();
    this.kubeConfig.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server,
          caData: cluster.caData,
          caFile: cluster.caFile,
          skipTLSVerify: cluster.skipTLSVerify,
        },
      ],
      users: [{ name: 'container-security', ...(token ? { token } : {}) }],
      contexts: [
        {
          name: 'container-security',
          cluster: cluster.name,
          user: 'container-security',
        },
      ],
      currentContext: 'container-security',
    });
    this.configuration = createConfiguration({
      baseServer: new ServerConfiguration(server, {}),
      authMethods: { default: this.kubeConfig },
    });
  }

  /** Every object of a type in all namespaces, following `continue` tokens. */
  async listAll(
    type: KubernetesResourceType,
    resource: string,
  ): Promise<KubernetesObject[]> {
    const objects: KubernetesObject[] = [];
    let continueToken: string | undefined;
    let restarted = false;
    for (let page = 0; page < MAX_PAGES; page++) {
      let body: unknown;
      try {
        body = await this.getPage(type, resource, continueToken);
      } catch (e) {
        // 410 Gone: the continue token expired mid-list; start over once.
        if (
          e instanceof KubernetesStatusError &&
          e.status === 410 &&
          continueToken &&
          !restarted
        ) {
          restarted = true;
          objects.length = 0;
          continueToken = undefined;
          continue;
        }
        throw e;
      }
      const result = readListPage(body, type);
      objects.push(...result.objects);
      if (!result.continueToken) return objects;
      if (result.continueToken === continueToken) {
        throw new Error(`the ${resource} list repeats its continue token`);
      }
      continueToken = result.continueToken;
    }
    throw new Error(`the ${resource} list has more than ${MAX_PAGES} pages`);
  }

  private async getPage(
    type: KubernetesResourceType,
    resource: string,
    continueToken: string | undefined,
  ): Promise<unknown> {
    const context = this.configuration.baseServer.makeRequestContext(
      listPathOf(type),
      HttpMethod.GET,
    );
    context.setHeaderParam('Accept', 'application/json');
    context.setQueryParam('limit', String(this.options.pageSize));
    if (continueToken) context.setQueryParam('continue', continueToken);
    context.setSignal(AbortSignal.timeout(this.options.requestTimeoutMs));
    // Sets the Authorization header and the https agent (CA, skipTLSVerify).
    await this.kubeConfig.applySecurityAuthentication(context);
    const response = await this.configuration.httpApi.send(context).toPromise();
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new KubernetesStatusError(response.httpStatusCode, resource);
    }
    const text = await response.body.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`the ${resource} list response is not JSON`);
    }
  }
}
