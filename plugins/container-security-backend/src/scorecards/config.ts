import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  CHECK_DEFINITIONS,
  Grade,
  GRADES,
  RISK_LEVELS,
  RiskLevel,
  Severity,
} from '@containersec/plugin-container-security-common';

/**
 * A level: met when none of its checks (nor those of the levels below) fail and the
 * grade is at least `minGrade` (nor below that of the levels below), so an F is never
 * Bronze just because its failures are all high.
 */
export interface LevelDefinition {
  name: string;
  checks: string[];
  minGrade?: Grade;
}

export interface CampaignDefinition {
  id: string;
  title: string;
  owner: string;
  deadline: string;
  goal: { level?: string; minScore?: number };
  /** Limits the campaign to entities of these owners or systems; all entities otherwise. */
  owners?: string[];
  systems?: string[];
}

export interface ScorecardConfig {
  levels: LevelDefinition[];
  campaigns: CampaignDefinition[];
  impactByLifecycle: Record<string, RiskLevel>;
}

const checksUpTo = (severities: Severity[]) =>
  CHECK_DEFINITIONS.filter(d => severities.includes(d.severity)).map(d => d.id);

/**
 * Bronze: no critical check fails and at least a D; Silver: no high either and at least
 * a C; Gold: no medium either and at least a B.
 */
export const DEFAULT_LEVELS: LevelDefinition[] = [
  { name: 'Bronze', checks: checksUpTo(['critical']), minGrade: 'D' },
  { name: 'Silver', checks: checksUpTo(['high']), minGrade: 'C' },
  { name: 'Gold', checks: checksUpTo(['medium']), minGrade: 'B' },
];

const DEFAULT_IMPACT: Record<string, RiskLevel> = {
  production: 'high',
  experimental: 'low',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads `containerSecurity.scorecards`; malformed entries stop start-up with the key named. */
export function readScorecardConfig(config: Config): ScorecardConfig {
  const c = config.getOptionalConfig('containerSecurity.scorecards');
  const levels =
    c?.getOptionalConfigArray('levels')?.map(l => {
      const minGrade = l.getOptionalString('minGrade');
      if (minGrade !== undefined && !GRADES.includes(minGrade as Grade)) {
        throw new InputError(
          `containerSecurity.scorecards.levels: minGrade must be one of ${GRADES.join(
            ', ',
          )}, got "${minGrade}"`,
        );
      }
      return {
        name: l.getString('name'),
        checks: l.getStringArray('checks'),
        ...(minGrade ? { minGrade: minGrade as Grade } : {}),
      };
    }) ?? DEFAULT_LEVELS;
  const campaigns = (c?.getOptionalConfigArray('campaigns') ?? []).map(k => {
    const deadline = k.getString('deadline');
    if (!DATE.test(deadline)) {
      throw new InputError(
        `Invalid deadline "${deadline}" in containerSecurity.scorecards.campaigns: expected YYYY-MM-DD`,
      );
    }
    const level = k.getOptionalString('goal.level');
    if (level && !levels.some(l => l.name === level)) {
      throw new InputError(
        `Unknown level "${level}" in containerSecurity.scorecards.campaigns; levels are ${levels
          .map(l => l.name)
          .join(', ')}`,
      );
    }
    return {
      id: k.getString('id'),
      title: k.getString('title'),
      owner: k.getString('owner'),
      deadline,
      goal: { level, minScore: k.getOptionalNumber('goal.minScore') },
      owners: k.getOptionalStringArray('owners'),
      systems: k.getOptionalStringArray('systems'),
    };
  });
  const impactConfig = c?.getOptionalConfig('impactByLifecycle');
  const impactByLifecycle = { ...DEFAULT_IMPACT };
  for (const key of impactConfig?.keys() ?? []) {
    const value = impactConfig!.getString(key);
    const level = RISK_LEVELS.find(l => l === value);
    if (!level) {
      throw new InputError(
        `Invalid containerSecurity.scorecards.impactByLifecycle.${key} "${value}": expected low, medium or high`,
      );
    }
    impactByLifecycle[key] = level;
  }
  return { levels, campaigns, impactByLifecycle };
}
