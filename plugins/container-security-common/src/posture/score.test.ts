import { gradeOf, scoreService, scoreWorkload } from './score';

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
    ).toBe(100 - 40 - 8);
  });

  it('floors at zero', () => {
    const many = ['a', 'b', 'c'].map(checkId => ({
      checkId,
      severity: 'critical' as const,
    }));
    expect(scoreWorkload(many)).toBe(0);
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
  });

  it('averages workloads into a service score', () => {
    expect(scoreService([])).toBeUndefined();
    expect(scoreService([100, 51])).toBe(76);
  });
});
