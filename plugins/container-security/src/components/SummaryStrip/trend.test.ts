import { PostureSnapshot } from '@containersec/plugin-container-security-common';
import { weeklyScoreChange } from './trend';

const at = (
  day: number,
  score: number,
  scoreModel?: number,
): PostureSnapshot => ({
  takenAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
  score,
  grade: 'F',
  counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
  workloadCount: 1,
  ...(scoreModel !== undefined ? { scoreModel } : {}),
});

describe('weeklyScoreChange', () => {
  it('compares with the newest snapshot a week before', () => {
    expect(
      weeklyScoreChange([at(1, 40, 2), at(9, 50, 2), at(16, 55, 2)]),
    ).toEqual({
      change: 5,
      since: '2026-11-09T00:00:00.000Z',
    });
  });

  it('never compares scores of two scoring models', () => {
    // 0 under the floored model, 31 under the new one: not a gain of 31.
    expect(
      weeklyScoreChange([at(1, 0), at(9, 0, 1), at(16, 31, 2)]),
    ).toBeUndefined();
    expect(weeklyScoreChange([at(1, 0), at(9, 31, 2), at(16, 35, 2)])).toEqual({
      change: 4,
      since: '2026-11-09T00:00:00.000Z',
    });
  });
});
