import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** An answer of the fake API server: a status and a JSON body. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
}

type Obj = Record<string, any>;
type WorkloadKind = 'Deployment' | 'StatefulSet';
const RESOURCE: Record<WorkloadKind, string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
};

function statusBody(code: number, reason: string, message: string): FakeAnswer {
  return {
    status: code,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    },
  };
}

/** RFC 7386 JSON merge patch: objects merge, `null` removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return patch;
  }
  const result: Obj =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Obj) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergePatch(result[key], value);
    }
  }
  return result;
}

/**
 * A tiny in-memory Kubernetes API server for the demo: the Deployments and StatefulSets
 * of the example manifests, the pods the demo's Falco events name, and what the example
 * responders do to them (labels, NetworkPolicies, scale, deletes). It answers only the
 * calls those handlers make; anything else is a 404 `Status`.
 *
 * Pods are not in the manifests, so a pod exists when its name follows the pattern its
 * workload would give it (`<deployment>-<template hash>-<5 chars>`, `<statefulset>-<n>`),
 * the workload has replicas, and it was not deleted — enough for every pod the demo
 * events name, and the same rule attribution uses.
 */
export class FakeKubernetes {
  private readonly workloads = new Map<string, Obj>();
  private readonly pods = new Map<string, Obj>();
  private readonly deletedPods = new Set<string>();
  private readonly policies = new Map<string, Obj>();
  private uid = 0;

  constructor(workloads: Obj[]) {
    for (const workload of workloads) {
      this.workloads.set(
        this.key(
          workload.kind,
          workload.metadata.namespace,
          workload.metadata.name,
        ),
        workload,
      );
    }
  }

  /** Reads every `.yaml`/`.yml` file under the folders (recursively). */
  static async fromManifests(folders: string[]): Promise<FakeKubernetes> {
    const workloads: Obj[] = [];
    for (const folder of folders) {
      for (const file of await yamlFiles(folder)) {
        const text = await fs.readFile(file, 'utf8');
        for (const document of parseAllDocuments(text)) {
          const object = document.toJS();
          if (
            (object?.kind === 'Deployment' || object?.kind === 'StatefulSet') &&
            typeof object.metadata?.name === 'string'
          ) {
            object.metadata.namespace ??= 'default';
            object.spec ??= {};
            object.spec.replicas ??= 1;
            workloads.push(object);
          }
        }
      }
    }
    return new FakeKubernetes(workloads);
  }

  /** The workloads and pods the handlers changed, for the demo's state page and tests. */
  snapshot() {
    return {
      workloads: [...this.workloads.values()].map(w => ({
        kind: w.kind,
        namespace: w.metadata.namespace,
        name: w.metadata.name,
        replicas: w.spec.replicas,
        annotations: w.metadata.annotations ?? {},
      })),
      pods: [...this.pods.values()].map(p => ({
        namespace: p.metadata.namespace,
        name: p.metadata.name,
        labels: p.metadata.labels,
        annotations: p.metadata.annotations ?? {},
        deleted: this.deletedPods.has(
          this.key('Pod', p.metadata.namespace, p.metadata.name),
        ),
      })),
      networkPolicies: [...this.policies.values()],
    };
  }

  /** One API call: `path` without the server prefix, `body` already parsed. */
  handle(method: string, path: string, body: unknown): FakeAnswer {
    let m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/);
    if (m) {
      return this.pod(
        method,
        decodeURIComponent(m[1]),
        decodeURIComponent(m[2]),
        body,
      );
    }
    m = path.match(
      /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/replicasets\/([^/]+)$/,
    );
    if (m && method === 'GET') {
      return this.replicaSet(
        decodeURIComponent(m[1]),
        decodeURIComponent(m[2]),
      );
    }
    m = path.match(
      /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|statefulsets)\/([^/]+)(\/scale)?$/,
    );
    if (m) {
      const kind: WorkloadKind =
        m[2] === 'deployments' ? 'Deployment' : 'StatefulSet';
      return this.workload(
        method,
        kind,
        decodeURIComponent(m[1]),
        decodeURIComponent(m[3]),
        Boolean(m[4]),
        body,
      );
    }
    m = path.match(
      /^\/apis\/networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/networkpolicies(?:\/([^/]+))?$/,
    );
    if (m) {
      return this.networkPolicy(
        method,
        decodeURIComponent(m[1]),
        m[2] && decodeURIComponent(m[2]),
        body,
      );
    }
    return statusBody(
      404,
      'NotFound',
      `the demo's fake API server does not serve ${method} ${path}`,
    );
  }

  private key(kind: string, namespace: string, name: string) {
    return `${kind}/${namespace}/${name}`;
  }

  private nextUid() {
    this.uid += 1;
    return `00000000-0000-4000-8000-${String(this.uid).padStart(12, '0')}`;
  }

  /** The workload that would own a pod of this name, if any. */
  private ownerOfPod(namespace: string, pod: string) {
    const replicaSet = pod.match(/^(.+)-([a-z0-9]{5,10})-([a-z0-9]{5})$/);
    if (replicaSet) {
      const deployment = this.workloads.get(
        this.key('Deployment', namespace, replicaSet[1]),
      );
      if (deployment) {
        return {
          workload: deployment,
          replicaSet: `${replicaSet[1]}-${replicaSet[2]}`,
        };
      }
    }
    const ordinal = pod.match(/^(.+)-(\d+)$/);
    if (ordinal) {
      const sts = this.workloads.get(
        this.key('StatefulSet', namespace, ordinal[1]),
      );
      if (sts && Number(ordinal[2]) < Math.max(sts.spec.replicas, 1)) {
        return { workload: sts, replicaSet: undefined };
      }
    }
    return undefined;
  }

  private findPod(namespace: string, name: string): Obj | undefined {
    const key = this.key('Pod', namespace, name);
    if (this.deletedPods.has(key)) {
      return undefined;
    }
    const owner = this.ownerOfPod(namespace, name);
    if (!owner || owner.workload.spec.replicas === 0) {
      // Scaled to zero: its pods are gone.
      return undefined;
    }
    let pod = this.pods.get(key);
    if (!pod) {
      const template = owner.workload.spec.template ?? {};
      pod = {
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: {
          name,
          namespace,
          uid: this.nextUid(),
          labels: { ...template.metadata?.labels },
          annotations: {},
          ownerReferences: [
            owner.replicaSet
              ? {
                  apiVersion: 'apps/v1',
                  kind: 'ReplicaSet',
                  name: owner.replicaSet,
                  uid: this.nextUid(),
                  controller: true,
                }
              : {
                  apiVersion: 'apps/v1',
                  kind: 'StatefulSet',
                  name: owner.workload.metadata.name,
                  uid: this.nextUid(),
                  controller: true,
                },
          ],
        },
        spec: template.spec ?? {},
        status: { phase: 'Running' },
      };
      this.pods.set(key, pod);
    }
    return pod;
  }

  private pod(
    method: string,
    namespace: string,
    name: string,
    body: unknown,
  ): FakeAnswer {
    const pod = this.findPod(namespace, name);
    if (!pod) {
      return statusBody(404, 'NotFound', `pods "${name}" not found`);
    }
    if (method === 'GET') {
      return { status: 200, body: pod };
    }
    if (method === 'PATCH') {
      const patched = mergePatch(pod, body) as Obj;
      this.pods.set(this.key('Pod', namespace, name), patched);
      return { status: 200, body: patched };
    }
    if (method === 'DELETE') {
      this.deletedPods.add(this.key('Pod', namespace, name));
      return {
        status: 200,
        body: {
          ...pod,
          metadata: {
            ...pod.metadata,
            deletionTimestamp: new Date().toISOString(),
          },
        },
      };
    }
    return statusBody(
      405,
      'MethodNotAllowed',
      `${method} is not supported on pods here`,
    );
  }

  private replicaSet(namespace: string, name: string): FakeAnswer {
    const m = name.match(/^(.+)-([a-z0-9]{5,10})$/);
    const deployment =
      m && this.workloads.get(this.key('Deployment', namespace, m[1]));
    if (!deployment) {
      return statusBody(
        404,
        'NotFound',
        `replicasets.apps "${name}" not found`,
      );
    }
    return {
      status: 200,
      body: {
        kind: 'ReplicaSet',
        apiVersion: 'apps/v1',
        metadata: {
          name,
          namespace,
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: deployment.metadata.name,
              uid: this.nextUid(),
              controller: true,
            },
          ],
        },
        spec: { replicas: deployment.spec.replicas },
      },
    };
  }

  private workload(
    method: string,
    kind: WorkloadKind,
    namespace: string,
    name: string,
    scale: boolean,
    body: unknown,
  ): FakeAnswer {
    const key = this.key(kind, namespace, name);
    const workload = this.workloads.get(key);
    if (!workload) {
      return statusBody(
        404,
        'NotFound',
        `${RESOURCE[kind]}.apps "${name}" not found`,
      );
    }
    const scaleObject = () => ({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name, namespace },
      spec: { replicas: workload.spec.replicas },
      status: { replicas: workload.spec.replicas },
    });
    if (method === 'GET') {
      return { status: 200, body: scale ? scaleObject() : workload };
    }
    if (method === 'PATCH' && scale) {
      const replicas = (body as Obj)?.spec?.replicas;
      if (!Number.isInteger(replicas) || replicas < 0) {
        return statusBody(
          422,
          'Invalid',
          'spec.replicas: must be a whole number, 0 or more',
        );
      }
      workload.spec.replicas = replicas;
      return { status: 200, body: scaleObject() };
    }
    if (method === 'PATCH') {
      const patched = mergePatch(workload, body) as Obj;
      this.workloads.set(key, patched);
      return { status: 200, body: patched };
    }
    return statusBody(
      405,
      'MethodNotAllowed',
      `${method} is not supported on ${RESOURCE[kind]} here`,
    );
  }

  private networkPolicy(
    method: string,
    namespace: string,
    name: string | undefined,
    body: unknown,
  ): FakeAnswer {
    if (name && method === 'GET') {
      const policy = this.policies.get(
        this.key('NetworkPolicy', namespace, name),
      );
      return policy
        ? { status: 200, body: policy }
        : statusBody(
            404,
            'NotFound',
            `networkpolicies.networking.k8s.io "${name}" not found`,
          );
    }
    if (!name && method === 'POST') {
      const policy = body as Obj;
      const policyName = policy?.metadata?.name;
      if (typeof policyName !== 'string') {
        return statusBody(422, 'Invalid', 'metadata.name: Required value');
      }
      const key = this.key('NetworkPolicy', namespace, policyName);
      if (this.policies.has(key)) {
        return statusBody(
          409,
          'AlreadyExists',
          `networkpolicies.networking.k8s.io "${policyName}" already exists`,
        );
      }
      const created = {
        ...policy,
        metadata: { ...policy.metadata, namespace, uid: this.nextUid() },
      };
      this.policies.set(key, created);
      return { status: 201, body: created };
    }
    return statusBody(
      405,
      'MethodNotAllowed',
      `${method} is not supported on networkpolicies here`,
    );
  }
}

async function yamlFiles(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await yamlFiles(path)));
    } else if (/\.ya?ml$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}
