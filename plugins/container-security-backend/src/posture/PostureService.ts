/// <reference lib="es2024.collection" />
// Map.groupBy (Node 21+) groups in one pass and keeps the order within each group.
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EntityPostureResponse,
  EntityWorkloadSelector,
  ExemptedFindingView,
  gradeOf,
  ResourcePosture,
  scoreService,
  SEVERITIES,
  SeverityCounts,
  selectsWorkload,
} from '@containersec/plugin-container-security-common';
import {
  applyPostureRules,
  builtInPostureChecks,
  ClusterReadResult,
  compileCustomChecks,
  evaluatePosture,
  ExemptedFinding,
  exemptionsFromAnnotations,
  isAdminNetworkPolicyObject,
  isCalicoObject,
  PostureCheck,
  PostureRules,
  resourceKey,
  scoreWorkloads,
} from '@containersec/plugin-container-security-node';
import { EntitySnapshot, PostureStore, StoredResource } from './PostureStore';

/** How many snapshots the entity page's trend shows. */
const TREND_LENGTH = 90;

const selectsResource = (
  selector: EntityWorkloadSelector,
  r: StoredResource,
) =>
  selectsWorkload(selector, {
    namespace: r.resource.namespace,
    labels: r.labels,
  });

const emptyCounts = (): SeverityCounts =>
  Object.fromEntries(SEVERITIES.map(s => [s, 0])) as SeverityCounts;

/**
 * Runs the posture engine over what the workload sources read and answers an entity's
 * posture. Raw findings are stored; rules and exemption expiry apply when they are read.
 */
export class PostureService {
  private readonly checks: readonly PostureCheck[];

  constructor(
    private readonly deps: {
      store: PostureStore;
      rules: PostureRules;
      logger: LoggerService;
      extraChecks: readonly PostureCheck[];
    },
  ) {
    const custom = compileCustomChecks(deps.rules.customChecks);
    for (const error of custom.errors) {
      deps.logger.error(
        'custom posture check does not compile and is skipped',
        {
          check: error.id,
          expression: error.expression,
          error: error.error,
        },
      );
    }
    this.checks = [
      ...builtInPostureChecks,
      ...deps.extraChecks,
      ...custom.checks,
    ];
  }

  /** Evaluates the objects of every cluster a source read successfully, and stores the results. */
  async recordScan(
    source: string,
    results: ClusterReadResult[],
  ): Promise<void> {
    const scanned = results
      .filter(r => r.ok && r.objects)
      .map(r => ({ cluster: r.cluster, resources: this.evaluate(source, r) }));
    await this.deps.store.recordScan(
      source,
      scanned,
      results.map(r => r.cluster),
    );
  }

  private evaluate(
    source: string,
    result: ClusterReadResult,
  ): StoredResource[] {
    // Calico kinds and the cluster guardrails (ANP/BANP) are the network section's;
    // their names may repeat a Kubernetes NetworkPolicy's, which the resources table (keyed by kind and name) cannot hold twice.
    const objects = (result.objects ?? []).filter(
      o => !isCalicoObject(o.object) && !isAdminNetworkPolicyObject(o.object),
    );
    const { findings, resources } = evaluatePosture(objects, {
      checks: this.checks,
      checkOptions: {
        allowedRegistries: this.deps.rules.allowedRegistries,
        podSecurityVersion: this.deps.rules.podSecurityVersion,
      },
    });
    const { exemptions, invalid } = exemptionsFromAnnotations(
      objects.map(o => o.object),
    );
    for (const i of invalid) {
      this.deps.logger.warn('ignored an exemption annotation', {
        source,
        cluster: result.cluster,
        resource: `${i.resource.kind}/${i.resource.namespace ?? ''}/${
          i.resource.name
        }`,
        annotation: i.annotation,
        problem: i.problem,
      });
    }
    // Server paths of manifest files are not for readers of the API.
    const findingsByKey = Map.groupBy(
      findings.map(({ location: _location, ...stored }) => stored),
      f => resourceKey(f.resource),
    );
    return resources.map(r => ({
      source,
      cluster: result.cluster,
      resource: r.resource,
      isWorkload: r.isWorkload,
      labels: r.labels,
      findings: findingsByKey.get(resourceKey(r.resource)) ?? [],
      exemptions: exemptions.filter(
        e =>
          e.kind === r.resource.kind &&
          e.name === r.resource.name &&
          e.namespace === (r.resource.namespace ?? 'default'),
      ),
    }));
  }

  /** The posture of an entity's resources, with rules and exemptions applied as of `now`. */
  async getEntityPosture(
    entity: Entity,
    selector: EntityWorkloadSelector | undefined,
    now: Date,
  ): Promise<Omit<EntityPostureResponse, 'sources'>> {
    const entityRef = stringifyEntityRef(entity);
    const resources = selector
      ? (
          await this.deps.store.listResources({
            namespace: selector.namespace,
          })
        ).filter(r => selectsResource(selector, r))
      : [];
    const { workloadCount: _count, ...posture } = this.assess(
      entityRef,
      resources,
      now,
    );
    const trend = await this.deps.store.getTrend(entityRef, TREND_LENGTH);
    return { entityRef, ...posture, trend };
  }

  private assess(entityRef: string, resources: StoredResource[], now: Date) {
    const ruled = applyPostureRules(
      resources.flatMap(r => r.findings),
      {
        rules: this.deps.rules.rules,
        exemptions: [
          ...this.deps.rules.exemptions,
          ...resources.flatMap(r => r.exemptions),
        ],
        now,
        entityRefsOf: () => [entityRef],
      },
    );
    const workloads = scoreWorkloads(resources, ruled.active);
    const scoreByKey = new Map(
      workloads.map(w => [resourceKey(w.resource), w]),
    );
    const counts = emptyCounts();
    for (const f of ruled.active) counts[f.severity] += 1;

    const view = (
      e: ExemptedFinding,
      expired: boolean,
    ): ExemptedFindingView => ({
      ...e.finding,
      exemption: {
        reason: e.exemption.reason,
        owner: e.exemption.owner,
        expires: e.exemption.expires,
        origin: e.exemption.origin,
        expired,
      },
    });
    const activeByKey = Map.groupBy(ruled.active, f => resourceKey(f.resource));
    const exemptedByKey = Map.groupBy(
      [
        ...ruled.exempted.map(e => view(e, false)),
        ...ruled.expired.map(e => view(e, true)),
      ],
      f => resourceKey(f.resource),
    );
    const resourceViews: ResourcePosture[] = resources.map(r => {
      const key = resourceKey(r.resource);
      const scored = scoreByKey.get(key);
      return {
        resource: r.resource,
        cluster: r.cluster,
        isWorkload: r.isWorkload,
        score: scored?.score,
        grade: scored?.grade,
        findings: activeByKey.get(key) ?? [],
        exempted: exemptedByKey.get(key) ?? [],
      };
    });
    resourceViews.sort((a, b) => Number(b.isWorkload) - Number(a.isWorkload));
    const score = scoreService(workloads.map(w => w.score));
    return {
      score,
      grade: score === undefined ? undefined : gradeOf(score),
      counts,
      resources: resourceViews,
      workloadCount: workloads.length,
    };
  }

  /** Stores one snapshot per entity that has workloads, for trends and scorecards. */
  async takeSnapshots(
    entities: Array<{ entity: Entity; selector: EntityWorkloadSelector }>,
    now: Date,
    /** Domain ref of each system ref, to place services in their domain. */
    systemDomains: Map<string, string> = new Map(),
  ): Promise<number> {
    const all = await this.deps.store.listResources({});
    // Most entities name their namespace; matching within it keeps a round linear-ish.
    const byNamespace = Map.groupBy(all, r => r.resource.namespace);
    const snapshots: EntitySnapshot[] = entities.flatMap(
      ({ entity, selector }) => {
        const entityRef = stringifyEntityRef(entity);
        const candidates =
          selector.namespace === undefined
            ? all
            : byNamespace.get(selector.namespace) ?? [];
        const resources = candidates.filter(r =>
          selectsResource(selector, r),
        );
        const posture = this.assess(entityRef, resources, now);
        if (posture.score === undefined || posture.grade === undefined)
          return [];
        const context = catalogContext(entity, systemDomains);
        return [
          {
            entityRef,
            ...context,
            takenAt: now.toISOString(),
            score: posture.score,
            grade: posture.grade,
            counts: posture.counts,
            workloadCount: posture.workloadCount,
            failingChecks: [
              ...new Set(
                posture.resources.flatMap(r => r.findings.map(f => f.checkId)),
              ),
            ].sort(),
          },
        ];
      },
    );
    await this.deps.store.addSnapshots(snapshots);
    return snapshots.length;
  }
}

/** The catalog fields scorecards group by, with refs in their full form. */
export function catalogContext(
  entity: Entity,
  systemDomains: Map<string, string>,
): Pick<
  EntitySnapshot,
  'kind' | 'title' | 'owner' | 'system' | 'domain' | 'lifecycle'
> {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const ref = (value: unknown, defaultKind: string) =>
    typeof value === 'string' && value
      ? stringifyEntityRef(
          parseEntityRef(value, { defaultKind, defaultNamespace: namespace }),
        )
      : undefined;
  const system = ref(spec.system, 'system');
  return {
    kind: entity.kind,
    title: entity.metadata.title,
    owner: ref(spec.owner, 'group'),
    system,
    domain: system ? systemDomains.get(system) : undefined,
    lifecycle: typeof spec.lifecycle === 'string' ? spec.lifecycle : undefined,
  };
}
