import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';
import {
  EntityNetworkResponse,
  NetworkFindingView,
  NetworkPeerDelta,
  NetworkPeerView,
  NetworkPolicyView,
  NetworkWhatIfResponse,
  WorkloadSummary,
} from '@containersec/plugin-container-security-common';
import {
  buildNetpolModel,
  ClusterReadResult,
  computeNetpolExposure,
  computeNetpolWhatIf,
  NetpolExposure,
  NetpolExposurePeer,
  NetpolFinding,
  NetpolModel,
  NetpolObjectError,
  SelectorPrintError,
  NetpolPeerDelta,
  NetpolPolicy,
} from '@containersec/plugin-container-security-node';
import { buildFlowGraph } from './flowGraph';
import { isNetworkObject, trimNetworkObject } from './networkObjects';
import { NetworkObjectStore } from './NetworkObjectStore';
import { parsePastedPolicies } from './parsePastedPolicies';
import { toYaml } from './toYaml';

type Answer = Omit<EntityNetworkResponse, 'sources'>;

/** `<namespace>/<Kind>/<name>`, the engine's endpoint id of a workload. */
const endpointIdOf = (w: WorkloadSummary) =>
  `${w.namespace}/${w.kind}/${w.name}`;

function policyView(p: NetpolPolicy): NetworkPolicyView {
  return {
    id: p.id,
    apiVersion: p.apiVersion,
    kind: p.kind,
    ...(p.namespace ? { namespace: p.namespace } : {}),
    name: p.name,
    flavor: p.flavor,
    ...(p.flavor === 'calico'
      ? { tier: p.tier, ...(p.order !== null ? { order: p.order } : {}) }
      : {}),
    ...(p.flavor === 'admin' && p.order !== null ? { order: p.order } : {}),
    directions: p.types,
    rules: [...p.ingress, ...p.egress].map(r => ({
      direction: r.direction,
      index: r.index,
      action: r.action,
      text: r.text,
    })),
    yaml: toYaml(p.object),
  };
}

function peerView(cluster: string, p: NetpolExposurePeer): NetworkPeerView {
  return {
    key: `${cluster}|${p.key}`,
    type: p.type,
    cluster,
    ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
    ...(p.workloadKind !== undefined ? { workloadKind: p.workloadKind } : {}),
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.cidr !== undefined ? { cidr: p.cidr } : {}),
    ports: p.ports,
    policies: p.policies,
  };
}

const findingView = (f: NetpolFinding): NetworkFindingView => ({ ...f });

function deltaView(cluster: string, d: NetpolPeerDelta): NetworkPeerDelta {
  return {
    added: d.added.map(p => peerView(cluster, p)),
    removed: d.removed.map(p => peerView(cluster, p)),
    changed: d.changed.map(p => ({
      ...peerView(cluster, p),
      previousPorts: p.previousPorts,
    })),
  };
}

/** Malformed stored objects in the service's namespace (or cluster-wide) as findings. */
function modelErrorFindings(
  model: NetpolModel,
  namespaces: Set<string>,
): NetworkFindingView[] {
  return model.errors
    .filter(
      e => e.objectNamespace === undefined || namespaces.has(e.objectNamespace),
    )
    .map(e => ({
      id: 'invalid-policy',
      severity: 'medium' as const,
      message: `${e.message} (the object is left out of the analysis)`,
    }));
}

/**
 * The network section's service: stores what each sync read, and answers a service's
 * exposure and what-ifs with the network-policy engine of `-node`.
 */
export class NetworkService {
  constructor(
    private readonly deps: { store: NetworkObjectStore; logger: LoggerService },
  ) {}

  /** Keeps the network objects of each cluster a source read successfully. */
  async recordScan(
    source: string,
    results: ClusterReadResult[],
  ): Promise<void> {
    try {
      const scanned = results
        .filter(r => r.ok && r.objects)
        .map(r => ({
          cluster: r.cluster,
          objects: r
            .objects!.map(o => o.object)
            .filter(isNetworkObject)
            .map(trimNetworkObject),
        }));
      await this.deps.store.recordScan(
        source,
        scanned,
        results.map(r => r.cluster),
      );
    } catch (e) {
      // The workloads and posture of this sync stand; the network picture stays as it was.
      this.deps.logger.error('network objects were not stored', {
        source,
        reason: isError(e) ? e.message : String(e),
      });
    }
  }

  /** One model per cluster the workloads run in, from the stored objects. */
  private async modelsFor(
    workloads: WorkloadSummary[],
  ): Promise<Array<{ cluster: string; model: NetpolModel; ids: string[] }>> {
    const clusters = [...new Set(workloads.map(w => w.cluster))].sort();
    if (clusters.length === 0) return [];
    const stored = await this.deps.store.listObjects({ clusters });
    return clusters.map(cluster => {
      const objects = stored
        .filter(s => s.cluster === cluster)
        .map(s => s.object);
      // The engine folds Pods and ReplicaSets into the workloads that own them.
      const model = buildNetpolModel(objects, { strict: false });
      const known = new Set(model.endpoints.map(e => e.id));
      const ids = workloads
        .filter(w => w.cluster === cluster)
        .map(endpointIdOf)
        .filter(id => known.has(id));
      return { cluster, model, ids };
    });
  }

  async getEntityNetwork(
    entityRef: string,
    entityName: string,
    workloads: WorkloadSummary[],
  ): Promise<Answer> {
    const models = (await this.modelsFor(workloads)).filter(
      m => m.ids.length > 0,
    );
    const exposures = models.map(m => ({
      ...m,
      exposure: computeNetpolExposure(m.model, m.ids),
    }));
    const answer = mergeExposures(entityRef, exposures);
    const namespaces = new Set(workloads.map(w => w.namespace));
    answer.findings.push(
      ...exposures.flatMap(e => modelErrorFindings(e.model, namespaces)),
    );
    answer.graph = buildFlowGraph(
      entityName,
      answer.reachableFrom,
      answer.reachableTo,
    );
    return answer;
  }

  async whatIf(
    entityRef: string,
    workloads: WorkloadSummary[],
    text: string,
  ): Promise<NetworkWhatIfResponse> {
    const models = (await this.modelsFor(workloads)).filter(
      m => m.ids.length > 0,
    );
    if (models.length === 0) {
      throw new InputError(
        `${entityRef} has no synced workloads to preview a policy against`,
      );
    }
    const namespace = workloads[0].namespace;
    const pasted = parsePastedPolicies(text, namespace);
    try {
      // Validates the pasted objects on their own, so a malformed one is named as such.
      buildNetpolModel(pasted);
    } catch (e) {
      if (e instanceof NetpolObjectError || e instanceof SelectorPrintError) {
        throw new InputError(`Invalid policy: ${e.message}`);
      }
      throw e;
    }
    const results = models.map(m => {
      try {
        return {
          cluster: m.cluster,
          result: computeNetpolWhatIf(m.model, pasted, m.ids),
        };
      } catch (e) {
        if (e instanceof NetpolObjectError || e instanceof SelectorPrintError) {
          throw new InputError(`Invalid policy: ${e.message}`);
        }
        throw e;
      }
    });
    const seen = new Set<string>();
    const policies = results
      .flatMap(r => r.result.policies)
      .filter(p => !seen.has(p.id) && seen.add(p.id));
    const before = mergeExposures(
      entityRef,
      results.map(r => ({ cluster: r.cluster, exposure: r.result.before })),
    );
    const after = mergeExposures(
      entityRef,
      results.map(r => ({ cluster: r.cluster, exposure: r.result.after })),
    );
    const concat = (pick: (r: (typeof results)[number]) => NetworkPeerDelta) =>
      results.map(pick).reduce(
        (all, d) => ({
          added: [...all.added, ...d.added],
          removed: [...all.removed, ...d.removed],
          changed: [...all.changed, ...d.changed],
        }),
        { added: [], removed: [], changed: [] } as NetworkPeerDelta,
      );
    return {
      entityRef,
      applied: false,
      policies: policies.map(policyView),
      replaces: [...new Set(results.flatMap(r => r.result.replaces))],
      selectsService: results.some(r => r.result.selectsService),
      isolation: { before: before.isolation, after: after.isolation },
      reachableFrom: concat(r => deltaView(r.cluster, r.result.reachableFrom)),
      reachableTo: concat(r => deltaView(r.cluster, r.result.reachableTo)),
      findings: {
        added: results.flatMap(r => r.result.findings.added.map(findingView)),
        removed: results.flatMap(r =>
          r.result.findings.removed.map(findingView),
        ),
      },
    };
  }
}

/** One answer over the clusters the service runs in. */
function mergeExposures(
  entityRef: string,
  exposures: Array<{ cluster: string; exposure: NetpolExposure }>,
): Answer {
  const seen = new Set<string>();
  const policies = exposures
    .flatMap(e => e.exposure.policies)
    .filter(p => !seen.has(p.id) && seen.add(p.id));
  const direction = (d: 'ingress' | 'egress') => ({
    // Isolated only where every cluster isolates it.
    isolated:
      exposures.length > 0 &&
      exposures.every(e => e.exposure.isolation[d].isolated),
    policies: [
      ...new Set(exposures.flatMap(e => e.exposure.isolation[d].policies)),
    ],
  });
  return {
    entityRef,
    workloads: exposures.flatMap(e =>
      e.exposure.endpointIds.map(id => {
        const [namespace, kind, name] = id.split('/');
        return `${kind}/${namespace}/${name}`;
      }),
    ),
    policies: policies.map(policyView),
    isolation: { ingress: direction('ingress'), egress: direction('egress') },
    reachableFrom: exposures.flatMap(e =>
      e.exposure.reachableFrom.map(p => peerView(e.cluster, p)),
    ),
    reachableTo: exposures.flatMap(e =>
      e.exposure.reachableTo.map(p => peerView(e.cluster, p)),
    ),
    findings: exposures.flatMap(e => e.exposure.findings.map(findingView)),
    graph: { nodes: [], edges: [] },
  };
}
