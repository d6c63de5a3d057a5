import {
  getCheckDefinition,
  LabelRequirement,
  matchesLabelRequirements,
} from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '../../manifests/types';
import { WORKLOAD_KINDS } from '../../workloads/workloadFromObject';
import { objectsInNamespace } from '../ObjectIndex';
import {
  CheckSubject,
  CheckViolation,
  ObjectIndex,
  PostureCheck,
} from '../types';

/** Every kind that runs pods. */
export const WORKLOADS: readonly string[] = WORKLOAD_KINDS;

/** Kinds that keep a number of long-running replicas up. */
export const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet'] as const;

/** Kinds whose containers are expected to run until stopped (probes make sense). */
export const LONG_RUNNING = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Pod',
] as const;

/**
 * A check whose definition comes from the shared catalogue, so that title, severity and
 * texts are written once.
 */
export function defineCheck(
  id: string,
  kinds: readonly string[],
  evaluate: (subject: CheckSubject) => CheckViolation[],
): PostureCheck {
  const definition = getCheckDefinition(id);
  if (!definition) {
    throw new Error(`No check definition with id "${id}" in CHECK_DEFINITIONS`);
  }
  return { definition, kinds, evaluate };
}

export type ContainerType = 'init' | 'app' | 'ephemeral';

export interface ContainerRef {
  name: string;
  type: ContainerType;
  /** An init container with restartPolicy Always: runs alongside the app containers. */
  sidecar: boolean;
  spec: Record<string, any>;
}

/** Init, app and ephemeral containers, in that order. */
export function containersOf(subject: CheckSubject): ContainerRef[] {
  const spec = subject.podSpec;
  if (!spec) return [];
  const list = (items: unknown, type: ContainerType): ContainerRef[] =>
    (Array.isArray(items) ? items : [])
      .filter(c => c && typeof c === 'object')
      .map((c: Record<string, any>) => ({
        name: typeof c.name === 'string' ? c.name : '',
        type,
        sidecar: type === 'init' && c.restartPolicy === 'Always',
        spec: c,
      }));
  return [
    ...list(spec.initContainers, 'init'),
    ...list(spec.containers, 'app'),
    ...list(spec.ephemeralContainers, 'ephemeral'),
  ];
}

/** App containers and sidecars: the containers that run for the pod's lifetime. */
export function isLongLived(c: ContainerRef): boolean {
  return c.type === 'app' || c.sidecar;
}

/**
 * A per-container check: `test` returns a message for a failing container. `which`
 * narrows the containers (all of them by default).
 */
export function containerCheck(
  id: string,
  kinds: readonly string[],
  test: (c: ContainerRef, subject: CheckSubject) => string | undefined,
  which: (c: ContainerRef, subject: CheckSubject) => boolean = () => true,
): PostureCheck {
  return defineCheck(id, kinds, subject => {
    const violations: CheckViolation[] = [];
    for (const c of containersOf(subject)) {
      if (!which(c, subject)) continue;
      const message = test(c, subject);
      if (message) violations.push({ container: c.name, message });
    }
    return violations;
  });
}

/** A check on the object as a whole: `test` returns messages for what fails. */
export function objectCheck(
  id: string,
  kinds: readonly string[],
  test: (subject: CheckSubject) => string | string[] | undefined,
): PostureCheck {
  return defineCheck(id, kinds, subject => {
    const result = test(subject);
    if (!result) return [];
    return (Array.isArray(result) ? result : [result]).map(message => ({
      message,
    }));
  });
}

export function podSecurityContext(subject: CheckSubject): Record<string, any> {
  return asRecord(subject.podSpec?.securityContext);
}

export function securityContextOf(c: ContainerRef): Record<string, any> {
  return asRecord(c.spec.securityContext);
}

/**
 * A securityContext field as it applies to the container: its own value, else the pod's
 * (for fields both levels have, such as runAsUser or seccompProfile).
 */
export function effective(
  c: ContainerRef,
  subject: CheckSubject,
  field: string,
): any {
  const own = securityContextOf(c)[field];
  return own !== undefined && own !== null
    ? own
    : podSecurityContext(subject)[field];
}

export function asRecord(value: unknown): Record<string, any> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, any>)
    : {};
}

export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

export function quoted(name: string): string {
  return `"${name}"`;
}

/**
 * Whether a structured label selector (`matchLabels` and `matchExpressions`) selects the
 * labels. An empty selector selects everything; a missing one nothing.
 */
export function selectorMatches(
  selector: unknown,
  labels: Record<string, string>,
): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const s = selector as Record<string, any>;
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(asRecord(s.matchLabels))) {
    requirements.push({ key, operator: 'In', values: [String(value)] });
  }
  for (const e of asArray(s.matchExpressions)) {
    const op = e?.operator;
    if (op === 'In' || op === 'NotIn') {
      requirements.push({
        key: String(e.key),
        operator: op,
        values: asArray(e.values).map(String),
      });
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      requirements.push({ key: String(e.key), operator: op });
    } else {
      return false;
    }
  }
  return matchesLabelRequirements(labels, requirements);
}

const memos = new WeakMap<ObjectIndex, Map<string, unknown>>();

/**
 * Computes a scan-wide value once per index (e.g. "is there a log collector DaemonSet"),
 * instead of once per subject.
 */
export function memoize<T>(
  index: ObjectIndex,
  key: string,
  compute: () => T,
): T {
  let memo = memos.get(index);
  if (!memo) {
    memo = new Map();
    memos.set(index, memo);
  }
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key) as T;
}

interface SelectorBuckets {
  /** By the first `matchLabels` pair of the selector, as `key=value`. */
  byLabel: Map<string, KubernetesObject[]>;
  /** Selectors without matchLabels, to try on every subject. */
  rest: KubernetesObject[];
}

/**
 * The objects of a kind in a namespace whose selector selects the labels, e.g. the PDBs
 * or NetworkPolicies of a workload. Selectors are bucketed once per scan by one of their
 * required labels, so a namespace with thousands of workloads and as many PDBs is not
 * scanned once per workload.
 */
export function objectsSelecting(
  index: ObjectIndex,
  kind: string,
  namespace: string,
  labels: Record<string, string>,
  selectorOf: (object: KubernetesObject) => unknown,
): KubernetesObject[] {
  const buckets = memoize(
    index,
    `selectors\u0000${kind}\u0000${namespace}`,
    () => {
      const b: SelectorBuckets = { byLabel: new Map(), rest: [] };
      for (const object of objectsInNamespace(index, kind, namespace)) {
        const first = Object.entries(
          asRecord(asRecord(selectorOf(object)).matchLabels),
        )[0];
        if (!first) {
          b.rest.push(object);
          continue;
        }
        const key = `${first[0]}=${String(first[1])}`;
        const list = b.byLabel.get(key);
        if (list) list.push(object);
        else b.byLabel.set(key, [object]);
      }
      return b;
    },
  );
  const candidates = [...buckets.rest];
  for (const [key, value] of Object.entries(labels)) {
    const list = buckets.byLabel.get(`${key}=${value}`);
    if (list) candidates.push(...list);
  }
  return candidates.filter(object =>
    selectorMatches(selectorOf(object), labels),
  );
}
