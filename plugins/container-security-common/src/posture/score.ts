import { Finding, Grade, Severity } from './types';

/**
 * Points a failed check costs a workload, by severity. A check counts once per workload
 * however many of its containers fail it, so a sidecar does not multiply the penalty.
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
 * The grade of a 0–100 score: A from 90, B from 80, C from 70, D from 60, F below.
 *
 * @public
 */
export function gradeOf(score: number): Grade {
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= 60) return 'D';
  return 'F';
}

/**
 * One workload's score: 100 minus the penalty of every distinct failed check, floored at 0.
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
  let penalty = 0;
  for (const p of worst.values()) penalty += p;
  return Math.max(0, 100 - penalty);
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
