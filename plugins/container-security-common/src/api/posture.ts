import { SourceStatus } from './types';
import { Finding, FindingResource, Grade, Severity } from '../posture/types';

/**
 * Finding counts by severity.
 *
 * @public
 */
export type SeverityCounts = Record<Severity, number>;

/**
 * A finding an exemption covers (or covered, when `expired`).
 *
 * @public
 */
export interface ExemptedFindingView extends Finding {
  exemption: {
    reason: string;
    owner: string;
    expires?: string;
    origin: 'config' | 'annotation';
    expired: boolean;
  };
}

/**
 * One resource of an entity with its findings. Workloads carry a score and a grade;
 * other kinds (Services, RBAC) only findings.
 *
 * @public
 */
export interface ResourcePosture {
  resource: FindingResource;
  cluster: string;
  isWorkload: boolean;
  score?: number;
  grade?: Grade;
  findings: Finding[];
  exempted: ExemptedFindingView[];
}

/**
 * One stored measurement of an entity's posture, for trends.
 *
 * @public
 */
export interface PostureSnapshot {
  takenAt: string;
  score: number;
  grade: Grade;
  counts: SeverityCounts;
  workloadCount: number;
  /**
   * The scoring model the score was computed with (`SCORE_MODEL_VERSION` today; 1 for
   * snapshots stored before the model was recorded). Scores of different models are not
   * comparable, so a trend marks where it changes. Absent where the sender predates it.
   */
  scoreModel?: number;
}

/**
 * `GET /entities/:namespace/:kind/:name/posture`.
 *
 * @public
 */
export interface EntityPostureResponse {
  entityRef: string;
  /** Undefined when the entity has no workload. */
  score?: number;
  grade?: Grade;
  counts: SeverityCounts;
  resources: ResourcePosture[];
  /** Oldest first, at most 90 entries. */
  trend: PostureSnapshot[];
  sources: SourceStatus[];
}
