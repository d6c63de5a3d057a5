import { http, HttpResponse } from 'msw';
import { KubeClient } from '../kubernetes/KubeClient';

/** The API server the tests' msw handlers serve. */
export const API = 'https://kube.test:6443';
export const TOKEN = 'test-bearer-token';

export function testKubeClient() {
  return new KubeClient({ apiUrl: API, token: async () => TOKEN });
}

/** A `Status` object as the API server sends it with an error. */
export function status(code: number, reason: string, message: string) {
  return HttpResponse.json(
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    },
    { status: code },
  );
}

export function notFound(resource: string, name: string) {
  return status(404, 'NotFound', `${resource} "${name}" not found`);
}

/** A pod as `GET /api/v1/namespaces/storefront/pods/…` returns it (trimmed status). */
export function cartPod(
  overrides: { labels?: object; annotations?: object } = {},
) {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: 'cart-service-7c9d8f6b5-q2w4z',
      generateName: 'cart-service-7c9d8f6b5-',
      namespace: 'storefront',
      uid: '5a1c0b8e-3f7d-4a52-9d1e-2b6f0c9e7a41',
      resourceVersion: '48213',
      creationTimestamp: '2026-12-07T09:12:44Z',
      labels: {
        'app.kubernetes.io/name': 'cart-service',
        'pod-template-hash': '7c9d8f6b5',
        ...overrides.labels,
      },
      annotations: { ...overrides.annotations },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'cart-service-7c9d8f6b5',
          uid: '0c3f8f1e-6a2b-4e0d-8d55-91b7a3c2e6f0',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      serviceAccountName: 'cart-service',
      nodeName: 'ip-10-0-12-34.eu-west-1.compute.internal',
      containers: [
        {
          name: 'cart-service',
          image:
            '123456789012.dkr.ecr.eu-west-1.amazonaws.com/cart-service:latest',
        },
      ],
    },
    status: { phase: 'Running', podIP: '10.0.12.77' },
  };
}

export function cartReplicaSet() {
  return {
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    metadata: {
      name: 'cart-service-7c9d8f6b5',
      namespace: 'storefront',
      uid: '0c3f8f1e-6a2b-4e0d-8d55-91b7a3c2e6f0',
      labels: {
        'app.kubernetes.io/name': 'cart-service',
        'pod-template-hash': '7c9d8f6b5',
      },
      annotations: { 'deployment.kubernetes.io/revision': '3' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'cart-service',
          uid: 'e1d4b7a2-58c3-4f6e-a0b9-7c2d1e3f4a5b',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { replicas: 2 },
    status: { replicas: 2, readyReplicas: 2 },
  };
}

export function cartDeployment(annotations: Record<string, string> = {}) {
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: {
      name: 'cart-service',
      namespace: 'storefront',
      uid: 'e1d4b7a2-58c3-4f6e-a0b9-7c2d1e3f4a5b',
      generation: 3,
      labels: { 'app.kubernetes.io/name': 'cart-service' },
      annotations: { 'deployment.kubernetes.io/revision': '3', ...annotations },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'cart-service' } },
    },
    status: { replicas: 2, readyReplicas: 2, availableReplicas: 2 },
  };
}

/** `GET …/deployments/cart-service/scale` */
export function scale(name: string, namespace: string, replicas: number) {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, resourceVersion: '48300' },
    spec: { replicas },
    status: { replicas, selector: `app.kubernetes.io/name=${name}` },
  };
}

/** Records each write the handler sends, so a test can say "nothing was changed". */
export interface RecordedWrite {
  method: string;
  path: string;
  contentType: string | null;
  authorization: string | null;
  body: any;
}

export async function record(request: Request, writes: RecordedWrite[]) {
  const text = await request.text();
  writes.push({
    method: request.method,
    path: new URL(request.url).pathname,
    contentType: request.headers.get('content-type'),
    authorization: request.headers.get('authorization'),
    body: text ? JSON.parse(text) : undefined,
  });
}

export { http, HttpResponse };
