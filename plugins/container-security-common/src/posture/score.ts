import type { SeverityCounts } from '../api/posture';
import { Finding, Grade, Severity } from './types';

/**
 * The share of a workload's remaining score a failed check takes, by severity, in percent.
 * A check counts once per workload however many of its containers fail it, so a sidecar
 * does not multiply the cost.
 *
 * @public
 */
export const SEVERITY_PENALTY: Record<Severity, number> = {
  critical: 40,
  high: 20,
  medium: 8,
  low: 3,
  info: 0,
};

/**
 * Version of the scoring model, stored with each snapshot so a trend can show where the
 * model changed. 1: penalties subtracted from 100 and floored at 0 (a workload with three
 * critical failures scored 0 and fixing one changed nothing). 2: each failed check takes
 * its share of what is left ({@link scoreWorkload}).
 *
 * @public
 */
export const SCORE_MODEL_VERSION = 2;

/**
 * Letter grades, best first.
 *
 * @public
 */
export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'F'];

/**
 * The lowest score of each grade; F is everything below D.
 *
 * @public
 */
export const GRADE_FLOORS: Readonly<Record<Grade, number>> = {
  A: 90,
  B: 80,
  C: 70,
  D: 60,
  F: 0,
};

/**
 * The grade of a 0–100 score: A from 90, B from 80, C from 70, D from 60, F below.
 *
 * @public
 */
export function gradeOf(score: number): Grade {
  return GRADES.find(g => score >= GRADE_FLOORS[g]) ?? 'F';
}

/**
 * One workload's score: 100 shrunk by each distinct failed check, at its worst severity, by
 * that severity's share ({@link SEVERITY_PENALTY}) of what is left. One critical failure
 * gives 60 (D), one high 80 (B), as under the subtractive model, but the score never
 * reaches 0 and every fix raises it, so a badly configured workload shows its progress.
 * Rounded to a whole number; below 5 a single low-severity fix can round to the same one.
 *
 * @public
 */
export function scoreWorkload(
  findings: Pick<Finding, 'checkId' | 'severity'>[],
): number {
  const worst = new Map<string, number>();
  for (const f of findings) {
    worst.set(
      f.checkId,
      Math.max(worst.get(f.checkId) ?? 0, SEVERITY_PENALTY[f.severity]),
    );
  }
  let remaining = 1;
  for (const p of worst.values()) remaining *= 1 - p / 100;
  return Math.round(100 * remaining);
}

/**
 * A service's score: the mean of its workloads' scores, rounded; undefined without workloads.
 *
 * @public
 */
export function scoreService(workloadScores: number[]): number | undefined {
  if (workloadScores.length === 0) return undefined;
  const sum = workloadScores.reduce((a, b) => a + b, 0);
  return Math.round(sum / workloadScores.length);
}

/**
 * Risk levels of the scorecards' likelihood × impact matrix, lowest first.
 *
 * @public
 */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;

/**
 * How likely a service is to be compromised (from its posture) or how much it would hurt
 * (from its catalog data).
 *
 * @public
 */
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * How likely a service is to be compromised, from its posture: high with any critical
 * failure or a grade below D, medium below B, low otherwise.
 *
 * @public
 */
export function likelihoodOf(
  score: number,
  counts: Pick<SeverityCounts, 'critical'>,
): RiskLevel {
  if (counts.critical > 0 || score < GRADE_FLOORS.D) return 'high';
  if (score < GRADE_FLOORS.B) return 'medium';
  return 'low';
}
