import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  KUBERNETES_RESOURCE_TYPES,
  KubernetesResourceType,
  listPathOf,
  resourceNameOf,
} from '../resourceTypes';

/**
 * Builders of Kubernetes API list payloads as a real API server returns them: a typed
 * `…List` with `metadata.resourceVersion` (and `continue` when paged), items without
 * `kind`/`apiVersion`, with uids, `managedFields` and ownerReferences.
 */

type Item = Record<string, any> & {
  metadata: Record<string, any> & { name: string; uid: string };
};

let uidCounter = 0;
/** A fresh, uid-shaped id. */
export function uid(): string {
  uidCounter += 1;
  return `6f1c2d3e-0000-4000-8000-${String(uidCounter).padStart(12, '0')}`;
}

const CREATED = '2025-03-04T10:11:12Z';

function meta(
  name: string,
  ns: string | undefined,
  extra: Record<string, any> = {},
) {
  return {
    name,
    ...(ns ? { namespace: ns } : {}),
    uid: uid(),
    resourceVersion: String(1000 + uidCounter),
    creationTimestamp: CREATED,
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: CREATED,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': {} } },
      },
    ],
    ...extra,
  };
}

/** An ownerReference to `owner`, as controllers set it. */
export function ownerRef(owner: Item, kind: string, apiVersion: string) {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function podSpec(image: string) {
  return {
    containers: [
      {
        name: 'app',
        image,
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    securityContext: {},
    schedulerName: 'default-scheduler',
  };
}

export function namespace(name: string): Item {
  return {
    metadata: meta(name, undefined, {
      labels: { 'kubernetes.io/metadata.name': name },
    }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function deployment(name: string, ns: string, image: string): Item {
  const labels = { app: name };
  return {
    metadata: meta(name, ns, {
      generation: 1,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    }),
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec(image) },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: { observedGeneration: 1, replicas: 1, readyReplicas: 1 },
  };
}

export function replicaSetOf(owner: Item, hash: string): Item {
  const labels = { app: owner.metadata.name, 'pod-template-hash': hash };
  return {
    metadata: meta(`${owner.metadata.name}-${hash}`, owner.metadata.namespace, {
      labels,
      ownerReferences: [ownerRef(owner, 'Deployment', 'apps/v1')],
    }),
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: owner.spec.template.spec,
      },
    },
    status: { replicas: 1, readyReplicas: 1 },
  };
}

export function cronJob(name: string, ns: string, image: string): Item {
  return {
    metadata: meta(name, ns),
    spec: {
      schedule: '*/5 * * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          template: {
            spec: { ...podSpec(image), restartPolicy: 'OnFailure' },
          },
        },
      },
    },
    status: {},
  };
}

export function jobOf(owner: Item, suffix: string): Item {
  return {
    metadata: meta(
      `${owner.metadata.name}-${suffix}`,
      owner.metadata.namespace,
      {
        ownerReferences: [ownerRef(owner, 'CronJob', 'batch/v1')],
      },
    ),
    spec: owner.spec.jobTemplate.spec,
    status: { succeeded: 1 },
  };
}

/** A Pod run by `owner` (kind given), or a bare Pod when there is none. */
export function pod(
  name: string,
  ns: string,
  image: string,
  owner?: { item: Item; kind: string; apiVersion: string },
): Item {
  return {
    metadata: meta(name, ns, {
      labels: owner ? { ...owner.item.spec?.template?.metadata?.labels } : {},
      ...(owner
        ? {
            ownerReferences: [
              ownerRef(owner.item, owner.kind, owner.apiVersion),
            ],
          }
        : {}),
    }),
    spec: { ...podSpec(image), nodeName: 'node-1' },
    status: { phase: 'Running', podIP: '10.0.0.12' },
  };
}

export function service(name: string, ns: string): Item {
  return {
    metadata: meta(name, ns),
    spec: {
      type: 'ClusterIP',
      selector: { app: name },
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
      clusterIP: '10.96.0.20',
    },
    status: { loadBalancer: {} },
  };
}

export function clusterRole(name: string): Item {
  return {
    metadata: meta(name, undefined),
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
  };
}

export function networkPolicy(name: string, ns: string): Item {
  return {
    metadata: meta(name, ns),
    spec: {
      podSelector: {},
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
      policyTypes: ['Ingress'],
    },
  };
}

function typeOf(kind: string): KubernetesResourceType {
  const type = KUBERNETES_RESOURCE_TYPES.find(t => t.kind === kind);
  if (!type) throw new Error(`no resource type ${kind}`);
  return type;
}

/** A `…List` body, as `GET /apis/apps/v1/deployments?limit=500` returns it. */
export function listBody(
  kind: string,
  items: Item[],
  page: { continue?: string; remainingItemCount?: number } = {},
) {
  return listBodyOf(typeOf(kind), items, page);
}

/** A `…List` body of a given resource type (Calico's kinds share names with Kubernetes'). */
export function listBodyOf(
  type: KubernetesResourceType,
  items: Item[],
  page: { continue?: string; remainingItemCount?: number } = {},
) {
  const { kind } = type;
  return {
    kind: `${kind}List`,
    apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
    metadata: {
      resourceVersion: '48213',
      ...(page.continue
        ? {
            continue: page.continue,
            remainingItemCount: page.remainingItemCount,
          }
        : {}),
    },
    items,
  };
}

/** The `Status` body of a 403, worded as the API server words it. */
export function forbiddenBody(type: KubernetesResourceType) {
  const group = type.group || '""';
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${type.plural}${
      type.group ? `.${type.group}` : ''
    } is forbidden: User "system:serviceaccount:backstage:container-security" cannot list resource "${
      type.plural
    }" in API group "${group}" at the cluster scope`,
    reason: 'Forbidden',
    details: { group: type.group, kind: type.plural },
    code: 403,
  };
}

/** What one handled request carried. */
export interface RecordedRequest {
  path: string;
  authorization: string | null;
  limit: string | null;
  continue: string | null;
}

/**
 * Handlers for one cluster's API server: every listed resource type answers, from
 * `pages` (kind → pages of items; the first page has no `continue`, page n is asked
 * for with `continue=<plural>-page-<n>`), empty when not given. `statuses` answers a
 * plural with a status instead (403 with a Status body, 404 with the plain
 * `404 page not found` of an API group version the server does not serve).
 */
export function clusterHandlers(
  baseUrl: string,
  options: {
    pages?: Record<string, Item[][]>;
    statuses?: Record<string, number>;
  } = {},
): { handlers: HttpHandler[]; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const handlers = KUBERNETES_RESOURCE_TYPES.map(type =>
    http.get(`${baseUrl}${listPathOf(type)}`, ({ request }) => {
      const url = new URL(request.url);
      requests.push({
        path: url.pathname,
        authorization: request.headers.get('authorization'),
        limit: url.searchParams.get('limit'),
        continue: url.searchParams.get('continue'),
      });
      const status =
        options.statuses?.[type.optional ? resourceNameOf(type) : type.plural];
      if (status === 403) {
        return HttpResponse.json(forbiddenBody(type), { status });
      }
      if (status === 404) {
        return HttpResponse.text('404 page not found\n', { status });
      }
      if (status) {
        return HttpResponse.json(
          { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: status },
          { status },
        );
      }
      // Optional (custom) types are keyed by resource name, such as
      // `networkpolicies.projectcalico.org`, so they never take a core kind's pages.
      const pages =
        options.pages?.[type.optional ? resourceNameOf(type) : type.kind] ??
        [[]];
      const token = url.searchParams.get('continue');
      const index = token ? Number(token.split('-page-')[1]) : 0;
      const items = pages[index];
      if (!items) {
        return HttpResponse.json(
          {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'Expired',
            code: 410,
          },
          { status: 410 },
        );
      }
      const remaining = pages.slice(index + 1).flat().length;
      return HttpResponse.json(
        listBodyOf(
          type,
          items,
          index + 1 < pages.length
            ? {
                continue: `${type.plural}-page-${index + 1}`,
                remainingItemCount: remaining,
              }
            : {},
        ),
      );
    }),
  );
  return { handlers, requests };
}

/** A cluster whose API server cannot be reached at all. */
export function downClusterHandlers(baseUrl: string): HttpHandler[] {
  return [http.get(`${baseUrl}/*`, () => HttpResponse.error())];
}
