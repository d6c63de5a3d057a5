import { Finding } from '@containersec/plugin-container-security-common';
import { CheckRule, PostureExemption } from './types';

/**
 * A finding an exemption covers, or one whose exemption has run out.
 *
 * @public
 */
export interface ExemptedFinding {
  finding: Finding;
  exemption: PostureExemption;
}

/**
 * Findings after rules and exemptions: `active` count towards scores (an expired
 * exemption leaves its finding active and is listed under `expired`).
 *
 * @public
 */
export interface RuledFindings {
  active: Finding[];
  exempted: ExemptedFinding[];
  expired: ExemptedFinding[];
}

function ruleMatches(
  rule: CheckRule,
  finding: Finding,
  entityRefs: string[],
): boolean {
  if (rule.check !== finding.checkId) return false;
  if (
    rule.namespaces?.length &&
    !rule.namespaces.includes(finding.resource.namespace ?? '')
  ) {
    return false;
  }
  if (
    rule.entities?.length &&
    !rule.entities.some(e => entityRefs.includes(e))
  ) {
    return false;
  }
  return true;
}

function exemptionMatches(e: PostureExemption, f: Finding): boolean {
  return (
    e.check === f.checkId &&
    (e.namespace === undefined || e.namespace === f.resource.namespace) &&
    (e.kind === undefined || e.kind === f.resource.kind) &&
    (e.name === undefined || e.name === f.resource.name) &&
    (e.container === undefined || e.container === f.container)
  );
}

/** Whether the exemption still applies at `now`; it covers its whole expiry day (UTC). */
export function isExemptionActive(e: PostureExemption, now: Date): boolean {
  if (!e.expires) return true;
  const endOfDay = Date.parse(`${e.expires}T23:59:59.999Z`);
  return Number.isNaN(endOfDay) ? false : now.getTime() <= endOfDay;
}

/**
 * Applies check rules (disable, severity override) and exemptions to raw findings.
 *
 * @public
 */
export function applyPostureRules(
  findings: Finding[],
  options: {
    rules: CheckRule[];
    exemptions: PostureExemption[];
    now: Date;
    /** The catalog entities a resource belongs to, for entity-scoped rules. */
    entityRefsOf?: (finding: Finding) => string[];
  },
): RuledFindings {
  const result: RuledFindings = { active: [], exempted: [], expired: [] };
  for (const original of findings) {
    const entityRefs = options.entityRefsOf?.(original) ?? [];
    let finding = original;
    let enabled = true;
    for (const rule of options.rules) {
      if (!ruleMatches(rule, finding, entityRefs)) continue;
      if (rule.enabled !== undefined) enabled = rule.enabled;
      if (rule.severity) finding = { ...finding, severity: rule.severity };
    }
    if (!enabled) continue;

    const matching = options.exemptions.filter(e =>
      exemptionMatches(e, finding),
    );
    const active = matching.find(e => isExemptionActive(e, options.now));
    if (active) {
      result.exempted.push({ finding, exemption: active });
      continue;
    }
    result.active.push(finding);
    for (const exemption of matching)
      result.expired.push({ finding, exemption });
  }
  return result;
}
