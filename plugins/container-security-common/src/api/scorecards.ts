import { RiskLevel } from '../posture/score';
import { Grade } from '../posture/types';
import { SeverityCounts } from './posture';

/**
 * One entity's latest posture, as the scorecards show it.
 *
 * @public
 */
export interface ScorecardEntry {
  entityRef: string;
  kind: string;
  title?: string;
  owner?: string;
  system?: string;
  domain?: string;
  lifecycle?: string;
  score: number;
  grade: Grade;
  counts: SeverityCounts;
  workloadCount: number;
  /** Ids of checks with findings that count. */
  failingChecks: string[];
  /** The highest level whose checks all pass, and every level below it. */
  level?: string;
  /** The score about a week before `takenAt`, when there is one. */
  previousScore?: number;
  takenAt: string;
  risk: { likelihood: RiskLevel; impact: RiskLevel };
}

/**
 * Entries rolled up by owner, system or domain.
 *
 * @public
 */
export interface ScorecardGroup {
  ref: string;
  score: number;
  grade: Grade;
  entityCount: number;
  counts: SeverityCounts;
  gradeDistribution: Record<Grade, number>;
}

/**
 * A goal for a set of services, with its owner, deadline and progress.
 *
 * @public
 */
export interface CampaignProgress {
  id: string;
  title: string;
  owner: string;
  deadline: string;
  goal: { level?: string; minScore?: number };
  total: number;
  met: number;
  /** Entities still short of the goal. */
  shortfall: string[];
  /** Entities meeting the goal at the end of each of the last days with snapshots. */
  history: Array<{ date: string; met: number; total: number }>;
}

/**
 * `GET /scorecards`.
 *
 * @public
 */
export interface ScorecardsResponse {
  entries: ScorecardEntry[];
  gradeDistribution: Record<Grade, number>;
  topFailingChecks: Array<{ checkId: string; entities: number }>;
  groups: {
    owner: ScorecardGroup[];
    system: ScorecardGroup[];
    domain: ScorecardGroup[];
  };
  levels: Array<{ name: string; entities: number }>;
  campaigns: CampaignProgress[];
}

/**
 * `GET /entities/:namespace/:kind/:name/scorecard`: the entity's own entry for services,
 * the roll-up of its services for systems, domains and groups.
 *
 * @public
 */
export interface EntityScorecardResponse {
  entityRef: string;
  score?: number;
  grade?: Grade;
  entries: ScorecardEntry[];
  /**
   * A group's sub-groups whose services are rolled up too, each with its parent, in
   * hierarchy order (a parent before its children).
   */
  subGroups?: Array<{ entityRef: string; parentRef: string; title?: string }>;
  /**
   * Services the entity holds or owns (a group: with its sub-groups) that are not in the
   * roll-up, and why: no Kubernetes annotation, or no workload matched yet.
   */
  excluded?: Array<{
    entityRef: string;
    title?: string;
    reason: ScorecardExclusionReason;
  }>;
}

/**
 * Why a service is left out of a roll-up.
 *
 * @public
 */
export type ScorecardExclusionReason =
  | 'no-kubernetes-annotation'
  | 'no-workloads';
