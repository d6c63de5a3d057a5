import {
  GRADES,
  gradeOf,
  likelihoodOf,
  scoreService,
  scoreWorkload,
} from './score';
import { Severity } from './types';

const failing = (...severities: Severity[]) =>
  severities.map((severity, i) => ({ checkId: `check-${i}`, severity }));

describe('posture scores', () => {
  it('charges each distinct failed check once, at its worst severity', () => {
    expect(scoreWorkload([])).toBe(100);
    expect(
      scoreWorkload([
        { checkId: 'privileged-container', severity: 'critical' },
        { checkId: 'privileged-container', severity: 'critical' },
        { checkId: 'cpu-limits-missing', severity: 'low' },
        { checkId: 'cpu-limits-missing', severity: 'medium' },
      ]),
    ).toBe(Math.round(100 * 0.6 * 0.92));
  });

  it('keeps the single-failure grades: one critical is a D, one high a B', () => {
    expect(gradeOf(scoreWorkload(failing('critical')))).toBe('D');
    expect(gradeOf(scoreWorkload(failing('high')))).toBe('B');
    expect(gradeOf(scoreWorkload(failing('medium')))).toBe('A');
    expect(gradeOf(scoreWorkload(failing('critical', 'critical')))).toBe('F');
  });

  it('does not floor at zero: every fix of a badly configured workload raises the score', () => {
    // Where the subtractive model gave 0 for all of these (cart-service showed 0/100).
    const findings = failing(
      'critical',
      'critical',
      'critical',
      'high',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
    );
    let previous = scoreWorkload(findings);
    expect(previous).toBeGreaterThan(0);
    for (let fixed = 1; fixed <= findings.length; fixed++) {
      const score = scoreWorkload(findings.slice(fixed));
      expect(score).toBeGreaterThan(previous);
      previous = score;
    }
    expect(previous).toBe(100);
  });

  it('ignores info findings', () => {
    expect(scoreWorkload(failing('info', 'info'))).toBe(100);
  });

  it('grades at the documented boundaries', () => {
    expect([100, 90, 89, 80, 79, 70, 69, 60, 59, 0].map(gradeOf)).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
      'F',
      'F',
    ]);
    expect(GRADES).toEqual(['A', 'B', 'C', 'D', 'F']);
  });

  it('averages workloads into a service score', () => {
    expect(scoreService([])).toBeUndefined();
    expect(scoreService([100, 51])).toBe(76);
  });

  it('rates likelihood high with a critical failure or an F, medium below B', () => {
    expect(likelihoodOf(95, { critical: 1 })).toBe('high');
    expect(likelihoodOf(59, { critical: 0 })).toBe('high');
    expect(likelihoodOf(79, { critical: 0 })).toBe('medium');
    expect(likelihoodOf(80, { critical: 0 })).toBe('low');
  });
});
