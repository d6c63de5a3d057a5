import {
  Finding,
  FindingResource,
  Grade,
  gradeOf,
  scoreService,
  scoreWorkload,
} from '@containersec/plugin-container-security-common';
import { groupBy } from '../util/groupBy';
import { builtInPostureChecks } from './checks';
import { evaluatePosture } from './evaluatePosture';
import {
  exemptionsFromAnnotations,
  InvalidExemptionAnnotation,
} from './rules/annotationExemptions';
import { applyPostureRules, ExemptedFinding } from './rules/applyPostureRules';
import {
  CustomCheckCompileError,
  compileCustomChecks,
} from './rules/customChecks';
import { PostureRules } from './rules/types';
import { EvaluatedResource, PostureCheck, PostureInput } from './types';

/**
 * One workload's standing after rules and exemptions.
 *
 * @public
 */
export interface WorkloadPosture {
  resource: FindingResource;
  score: number;
  grade: Grade;
  findingCount: number;
}

/**
 * Everything a scan produces: what the CLI prints, the backend stores and the scaffolder
 * checks generated services against.
 *
 * @public
 */
export interface PostureScanResult {
  /** Findings that count, after rules and exemptions. */
  findings: Finding[];
  exempted: ExemptedFinding[];
  /** Findings whose only exemptions have expired (the findings are in `findings` too). */
  expired: ExemptedFinding[];
  resources: EvaluatedResource[];
  workloads: WorkloadPosture[];
  /** Mean of the workload scores; undefined when the scan found no workload. */
  score?: number;
  grade?: Grade;
  customCheckErrors: CustomCheckCompileError[];
  invalidExemptions: InvalidExemptionAnnotation[];
}

/**
 * A stable key of a finding's resource.
 *
 * @public
 */
export const resourceKey = (r: FindingResource) =>
  `${r.kind}/${r.namespace ?? ''}/${r.name}`;

/**
 * Scores every workload among the resources from the findings that count.
 *
 * @public
 */
export function scoreWorkloads(
  resources: Pick<EvaluatedResource, 'resource' | 'isWorkload'>[],
  active: Finding[],
): WorkloadPosture[] {
  const byResource = groupBy(active, f => resourceKey(f.resource));
  return resources
    .filter(r => r.isWorkload)
    .map(r => {
      const findings = byResource.get(resourceKey(r.resource)) ?? [];
      const score = scoreWorkload(findings);
      return {
        resource: r.resource,
        score,
        grade: gradeOf(score),
        findingCount: findings.length,
      };
    });
}

/**
 * Runs the built-in checks, any extra checks and the configured custom checks over a set
 * of objects, then applies rules and exemptions (configured ones and annotations on the
 * objects) and scores every workload. Pure apart from reading the clock passed in.
 *
 * @public
 */
export function scanPosture(
  input: PostureInput,
  options: {
    rules: PostureRules;
    now: Date;
    /** Checks added by modules through the extension point. */
    extraChecks?: readonly PostureCheck[];
    entityRefsOf?: (finding: Finding) => string[];
  },
): PostureScanResult {
  const { rules, now } = options;
  const custom = compileCustomChecks(rules.customChecks);
  const annotations = exemptionsFromAnnotations(input.map(i => i.object));
  const evaluated = evaluatePosture(input, {
    checks: [
      ...builtInPostureChecks,
      ...(options.extraChecks ?? []),
      ...custom.checks,
    ],
    checkOptions: {
      allowedRegistries: rules.allowedRegistries,
      podSecurityVersion: rules.podSecurityVersion,
    },
  });
  const ruled = applyPostureRules(evaluated.findings, {
    rules: rules.rules,
    exemptions: [...rules.exemptions, ...annotations.exemptions],
    now,
    entityRefsOf: options.entityRefsOf,
  });

  const workloads = scoreWorkloads(evaluated.resources, ruled.active);
  const score = scoreService(workloads.map(w => w.score));
  return {
    findings: ruled.active,
    exempted: ruled.exempted,
    expired: ruled.expired,
    resources: evaluated.resources,
    workloads,
    score,
    grade: score === undefined ? undefined : gradeOf(score),
    customCheckErrors: custom.errors,
    invalidExemptions: annotations.invalid,
  };
}
