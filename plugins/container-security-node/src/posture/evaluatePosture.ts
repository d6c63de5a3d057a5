import { Finding } from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '../manifests/types';
import { builtInPostureChecks } from './checks';
import { createObjectIndex, namespaceOf } from './ObjectIndex';
import {
  createCheckSubject,
  isOwnedByScannedWorkload,
  isWorkloadKind,
} from './subjects';
import {
  EvaluatedResource,
  PostureCheck,
  PostureCheckOptions,
  PostureInput,
} from './types';

/**
 * Options of {@link evaluatePosture}.
 *
 * @public
 */
export interface EvaluatePostureOptions {
  /** The checks to run; the built-in ones by default. */
  checks?: readonly PostureCheck[];
  /** Settings for checks that take them. */
  checkOptions?: PostureCheckOptions;
}

/**
 * What {@link evaluatePosture} found.
 *
 * @public
 */
export interface PostureResult {
  findings: Finding[];
  resources: EvaluatedResource[];
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compare(a.resource.kind, b.resource.kind) ||
    compare(a.resource.namespace ?? '', b.resource.namespace ?? '') ||
    compare(a.resource.name, b.resource.name) ||
    compare(a.checkId, b.checkId) ||
    compare(a.container ?? '', b.container ?? '')
  );
}

const citesPss = new WeakMap<PostureCheck, boolean>();

/** Whether a check implements a Pod Security Standards control (a `pss:` reference). */
function citesPodSecurity(check: PostureCheck): boolean {
  let cites = citesPss.get(check);
  if (cites === undefined) {
    cites = (check.definition.references ?? []).some(r => r.startsWith('pss:'));
    citesPss.set(check, cites);
  }
  return cites;
}

function locationOf(entry: PostureInput[number]) {
  const { file, line } = entry as { file?: unknown; line?: unknown };
  return typeof file === 'string' && typeof line === 'number'
    ? { file, line }
    : undefined;
}

/**
 * Runs posture checks over a set of objects read together (manifests of a repository,
 * or a cluster snapshot). Related objects — Namespaces, ServiceAccounts, PDBs, HPAs,
 * NetworkPolicies, roles — are looked up among the same input. Objects managed by a
 * workload in the input are left to that workload. Pure and deterministic: findings are
 * sorted by resource kind, namespace and name, then check id, then container.
 *
 * @public
 */
export function evaluatePosture(
  input: PostureInput,
  options: EvaluatePostureOptions = {},
): PostureResult {
  const objects: KubernetesObject[] = input.map(entry => entry.object);
  const index = createObjectIndex(objects);
  const checksByKind = new Map<string, PostureCheck[]>();
  for (const check of options.checks ?? builtInPostureChecks) {
    for (const kind of new Set(check.kinds)) {
      const list = checksByKind.get(kind);
      if (list) list.push(check);
      else checksByKind.set(kind, [check]);
    }
  }

  const findings: Finding[] = [];
  const resources: EvaluatedResource[] = [];
  for (const entry of input) {
    const object = entry.object;
    if (isOwnedByScannedWorkload(object, index)) continue;
    const location = locationOf(entry);
    const resource = {
      kind: object.kind,
      namespace: namespaceOf(object),
      name: object.metadata.name,
    };
    resources.push({
      resource,
      isWorkload: isWorkloadKind(object.kind),
      labels: object.metadata.labels ?? {},
      ...(location && { location }),
    });
    const checks = checksByKind.get(object.kind);
    if (!checks) continue;
    const subject = createCheckSubject(object, index, options.checkOptions);
    const pssVersion = subject.podSecurityVersion?.label;
    for (const check of checks) {
      let violations;
      try {
        violations = check.evaluate(subject);
      } catch (e) {
        throw new Error(
          `Posture check "${check.definition.id}" failed on ${object.kind} ${
            resource.namespace ?? ''
          }/${resource.name}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      for (const v of violations) {
        findings.push({
          checkId: check.definition.id,
          severity: check.definition.severity,
          resource: { ...resource },
          ...(v.container !== undefined && { container: v.container }),
          message: v.message,
          ...(location && { location }),
          ...(pssVersion &&
            citesPodSecurity(check) && { podSecurityVersion: pssVersion }),
        });
      }
    }
  }

  findings.sort(compareFindings);
  resources.sort(
    (a, b) =>
      compare(a.resource.kind, b.resource.kind) ||
      compare(a.resource.namespace ?? '', b.resource.namespace ?? '') ||
      compare(a.resource.name, b.resource.name),
  );
  return { findings, resources };
}
