/// <reference lib="es2024.collection" />
// Map.groupBy (Node 21+) groups in one pass and keeps the order within each group.
import {
  CampaignProgress,
  Grade,
  GRADES,
  gradeOf,
  likelihoodOf,
  ScorecardEntry,
  ScorecardGroup,
  ScorecardsResponse,
  SEVERITIES,
  SeverityCounts,
} from '@containersec/plugin-container-security-common';
import { EntitySnapshot, LatestSnapshot } from '../posture';
import { CampaignDefinition, LevelDefinition, ScorecardConfig } from './config';

const zeroGrades = () =>
  Object.fromEntries(GRADES.map(g => [g, 0])) as Record<Grade, number>;

/** Grades from worst: a higher index is a better grade. */
const gradeRank = (g: Grade) => GRADES.length - 1 - GRADES.indexOf(g);

/** The highest level reached when every level up to it passes (checks and grade). */
export function levelOf(
  failingChecks: string[],
  levels: LevelDefinition[],
  grade?: Grade,
): string | undefined {
  const failing = new Set(failingChecks);
  let reached: string | undefined;
  for (const level of levels) {
    if (level.checks.some(c => failing.has(c))) break;
    if (
      level.minGrade &&
      grade &&
      gradeRank(grade) < gradeRank(level.minGrade)
    ) {
      break;
    }
    reached = level.name;
  }
  return reached;
}

/** The name under which entities that reach no level are counted. */
export const NO_LEVEL = 'No level';

export function toEntry(
  s: LatestSnapshot,
  config: ScorecardConfig,
): ScorecardEntry {
  return {
    entityRef: s.entityRef,
    kind: s.kind,
    title: s.title,
    owner: s.owner,
    system: s.system,
    domain: s.domain,
    lifecycle: s.lifecycle,
    score: s.score,
    grade: s.grade,
    counts: s.counts,
    workloadCount: s.workloadCount,
    failingChecks: s.failingChecks,
    level: levelOf(s.failingChecks, config.levels, s.grade),
    previousScore: s.previousScore,
    takenAt: s.takenAt,
    risk: {
      likelihood: likelihoodOf(s.score, s.counts),
      impact: config.impactByLifecycle[s.lifecycle ?? ''] ?? 'medium',
    },
  };
}

/** Mean score, summed counts and grade distribution of a set of entries. */
export function rollUp(ref: string, entries: ScorecardEntry[]): ScorecardGroup {
  const counts = Object.fromEntries(
    SEVERITIES.map(s => [s, 0]),
  ) as SeverityCounts;
  const gradeDistribution = zeroGrades();
  let sum = 0;
  for (const e of entries) {
    sum += e.score;
    gradeDistribution[e.grade] += 1;
    for (const s of SEVERITIES) counts[s] += e.counts[s];
  }
  const score = entries.length ? Math.round(sum / entries.length) : 0;
  return {
    ref,
    score,
    grade: gradeOf(score),
    entityCount: entries.length,
    counts,
    gradeDistribution,
  };
}

function rollUpBy(
  entries: ScorecardEntry[],
  key: 'owner' | 'system' | 'domain',
): ScorecardGroup[] {
  const groups = Map.groupBy(
    entries.filter(e => e[key]),
    e => e[key]!,
  );
  return [...groups.entries()]
    .map(([ref, members]) => rollUp(ref, members))
    .sort((a, b) => a.score - b.score || a.ref.localeCompare(b.ref));
}

function meetsGoal(
  goal: CampaignDefinition['goal'],
  score: number,
  failingChecks: string[],
  levels: LevelDefinition[],
): boolean {
  if (goal.minScore !== undefined && score < goal.minScore) return false;
  if (goal.level) {
    const reached = levelOf(failingChecks, levels, gradeOf(score));
    const wanted = levels.findIndex(l => l.name === goal.level);
    const got = reached ? levels.findIndex(l => l.name === reached) : -1;
    if (got < wanted) return false;
  }
  return true;
}

function campaignProgress(
  campaign: CampaignDefinition,
  entries: ScorecardEntry[],
  history: Array<
    Pick<EntitySnapshot, 'entityRef' | 'takenAt' | 'score' | 'failingChecks'>
  >,
  levels: LevelDefinition[],
): CampaignProgress {
  const inScope = entries.filter(
    e =>
      (!campaign.owners?.length ||
        (e.owner && campaign.owners.includes(e.owner))) &&
      (!campaign.systems?.length ||
        (e.system && campaign.systems.includes(e.system))),
  );
  const scope = new Set(inScope.map(e => e.entityRef));
  const shortfall = inScope
    .filter(e => !meetsGoal(campaign.goal, e.score, e.failingChecks, levels))
    .map(e => e.entityRef);

  // Carry each entity's latest snapshot forward through the days of the history.
  const byDay = new Map<string, Map<string, boolean>>();
  const state = new Map<string, boolean>();
  for (const s of history) {
    if (!scope.has(s.entityRef)) continue;
    state.set(
      s.entityRef,
      meetsGoal(campaign.goal, s.score, s.failingChecks, levels),
    );
    byDay.set(s.takenAt.slice(0, 10), new Map(state));
  }
  return {
    id: campaign.id,
    title: campaign.title,
    owner: campaign.owner,
    deadline: campaign.deadline,
    goal: campaign.goal,
    total: inScope.length,
    met: inScope.length - shortfall.length,
    shortfall,
    history: [...byDay.entries()].map(([date, states]) => ({
      date,
      met: [...states.values()].filter(Boolean).length,
      total: states.size,
    })),
  };
}

/** Everything the org-wide scorecards show, from stored snapshots only. */
export function buildScorecards(
  latest: LatestSnapshot[],
  history: Array<
    Pick<EntitySnapshot, 'entityRef' | 'takenAt' | 'score' | 'failingChecks'>
  >,
  config: ScorecardConfig,
  filter: {
    owner?: string;
    system?: string;
    domain?: string;
    kind?: string;
  } = {},
): ScorecardsResponse {
  const entries = latest
    .map(s => toEntry(s, config))
    .filter(
      e =>
        (!filter.owner || e.owner === filter.owner) &&
        (!filter.system || e.system === filter.system) &&
        (!filter.domain || e.domain === filter.domain) &&
        (!filter.kind ||
          e.kind.toLocaleLowerCase('en-US') ===
            filter.kind.toLocaleLowerCase('en-US')),
    );
  const gradeDistribution = zeroGrades();
  const failing = new Map<string, number>();
  const levelCounts = new Map(config.levels.map(l => [l.name, 0]));
  let noLevel = 0;
  for (const e of entries) {
    gradeDistribution[e.grade] += 1;
    for (const c of e.failingChecks) failing.set(c, (failing.get(c) ?? 0) + 1);
    if (e.level) levelCounts.set(e.level, (levelCounts.get(e.level) ?? 0) + 1);
    else noLevel += 1;
  }
  return {
    entries,
    gradeDistribution,
    topFailingChecks: [...failing.entries()]
      .map(([checkId, n]) => ({ checkId, entities: n }))
      .sort(
        (a, b) => b.entities - a.entities || a.checkId.localeCompare(b.checkId),
      )
      .slice(0, 10),
    groups: {
      owner: rollUpBy(entries, 'owner'),
      system: rollUpBy(entries, 'system'),
      domain: rollUpBy(entries, 'domain'),
    },
    // Every entity counted once, those below the first level too, so the counts add up.
    levels: [
      ...(noLevel > 0 ? [{ name: NO_LEVEL, entities: noLevel }] : []),
      ...config.levels.map(l => ({
        name: l.name,
        entities: levelCounts.get(l.name) ?? 0,
      })),
    ],
    campaigns: config.campaigns.map(c =>
      campaignProgress(c, entries, history, config.levels),
    ),
  };
}
