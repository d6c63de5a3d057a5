import { renderInTestApp } from '@backstage/test-utils';
import { PostureSnapshot } from '@containersec/plugin-container-security-common';
import { screen } from '@testing-library/react';
import { scoreModelChange, ScoreTrend } from './PostureSummary';

const point = (
  day: number,
  score: number,
  scoreModel?: number,
): PostureSnapshot => ({
  takenAt: `2026-12-0${day}T00:00:00.000Z`,
  score,
  grade: 'F',
  counts: { critical: 3, high: 0, medium: 0, low: 0, info: 0 },
  workloadCount: 1,
  ...(scoreModel !== undefined ? { scoreModel } : {}),
});

describe('ScoreTrend', () => {
  it('marks where the scoring model changed, so a jump is not read as progress', async () => {
    const trend = [
      point(1, 0),
      point(2, 0, 1),
      point(3, 22, 2),
      point(4, 26, 2),
    ];
    expect(scoreModelChange(trend)).toBe(2);
    await renderInTestApp(<ScoreTrend trend={trend} />);
    expect(screen.getByTestId('score-trend-break')).toBeInTheDocument();
    expect(screen.getByTestId('score-model-change')).toHaveTextContent(
      'Scoring changed on 2026-12-03: earlier points use the old model',
    );
  });

  it('draws no mark when every point uses one model', async () => {
    const trend = [point(1, 20, 2), point(2, 26, 2)];
    expect(scoreModelChange(trend)).toBeUndefined();
    await renderInTestApp(<ScoreTrend trend={trend} />);
    expect(screen.queryByTestId('score-trend-break')).toBeNull();
    expect(screen.queryByTestId('score-model-change')).toBeNull();
  });
});
