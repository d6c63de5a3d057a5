import { KubernetesObject } from '../manifests/types';
import { computeNetpolExposure } from './exposure';
import { selectsEndpoint } from './match';
import {
  buildNetpolModel,
  normalizeNetpolPolicy,
  sortPolicies,
  STAGED_KINDS,
} from './model';
import {
  NetpolExposurePeer,
  NetpolFinding,
  NetpolModel,
  NetpolPeerDelta,
  NetpolPolicy,
  NetpolWhatIf,
} from './types';

/** What a policy is, once applied: staged kinds stand for the kind they stage. */
function identity(p: NetpolPolicy): string {
  const kind = STAGED_KINDS[p.kind] ?? p.kind;
  const flavor =
    p.kind === 'StagedKubernetesNetworkPolicy' ? 'kubernetes' : p.flavor;
  return `${flavor}|${kind}|${p.namespace ?? ''}|${p.name}`;
}

function peerDelta(
  before: NetpolExposurePeer[],
  after: NetpolExposurePeer[],
): NetpolPeerDelta {
  const old = new Map(before.map(p => [p.key, p]));
  const now = new Map(after.map(p => [p.key, p]));
  const delta: NetpolPeerDelta = { added: [], removed: [], changed: [] };
  for (const p of after) {
    const o = old.get(p.key);
    if (!o) delta.added.push(p);
    else if (JSON.stringify(o.ports) !== JSON.stringify(p.ports))
      delta.changed.push({ ...p, previousPorts: o.ports });
  }
  for (const p of before) if (!now.has(p.key)) delta.removed.push(p);
  return delta;
}

const findingKey = (f: NetpolFinding) =>
  `${f.id}|${f.policy ?? ''}|${f.direction ?? ''}|${f.rule ?? ''}`;

/**
 * Computes what pasted or staged policy objects would change in the exposure of a
 * service (its endpoint ids), without applying anything. Staged kinds stand for the
 * kind they stage (`stagedAction: Delete` removes it); a policy with the same kind,
 * namespace and name as an existing one replaces it. Pasted `Tier` and network-set
 * objects are added too.
 *
 * @throws NetpolObjectError when a pasted object is malformed.
 * @public
 */
export function computeNetpolWhatIf(
  model: NetpolModel,
  objects: readonly KubernetesObject[],
  endpointIds: readonly string[],
): NetpolWhatIf {
  const pasted: NetpolPolicy[] = [];
  const others: KubernetesObject[] = [];
  for (const o of objects) {
    const p = normalizeNetpolPolicy(o);
    if (p) pasted.push(p);
    else others.push(o);
  }
  const extra = buildNetpolModel(others);
  const tiers = new Map([
    ...model.tiers,
    ...[...extra.tiers].filter(
      ([name]) => name !== 'default' || !model.tiers.has(name),
    ),
  ]);
  const namespaces = new Map(model.namespaces);
  for (const [name, ns] of extra.namespaces)
    if (!namespaces.has(name)) namespaces.set(name, ns);
  const replacedKeys = new Set(pasted.map(identity));
  const replaces = model.policies
    .filter(p => replacedKeys.has(identity(p)))
    .map(p => p.id);
  const kept = model.policies.filter(p => !replacedKeys.has(identity(p)));
  const added = pasted
    .filter(p => p.stagedAction !== 'Delete')
    .map(p => ({ ...p, staged: false }));
  const after: NetpolModel = {
    ...model,
    namespaces,
    tiers,
    networkSets: [...model.networkSets, ...extra.networkSets],
    policies: sortPolicies([...kept, ...added], tiers),
  };
  const ids = endpointIds.filter(id => model.endpoints.some(e => e.id === id));
  const service = model.endpoints.filter(e => ids.includes(e.id));
  const beforeExposure = computeNetpolExposure(model, ids);
  const afterExposure = computeNetpolExposure(after, ids);
  const oldFindings = new Map(
    beforeExposure.findings.map(f => [findingKey(f), f]),
  );
  const newFindings = new Map(
    afterExposure.findings.map(f => [findingKey(f), f]),
  );
  return {
    before: beforeExposure,
    after: afterExposure,
    policies: pasted,
    replaces,
    selectsService: added.some(p =>
      service.some(e => selectsEndpoint(after, p.subject, e)),
    ),
    reachableFrom: peerDelta(
      beforeExposure.reachableFrom,
      afterExposure.reachableFrom,
    ),
    reachableTo: peerDelta(
      beforeExposure.reachableTo,
      afterExposure.reachableTo,
    ),
    findings: {
      added: [...newFindings]
        .filter(([k]) => !oldFindings.has(k))
        .map(([, f]) => f),
      removed: [...oldFindings]
        .filter(([k]) => !newFindings.has(k))
        .map(([, f]) => f),
    },
  };
}
