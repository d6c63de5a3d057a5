import { PostureSnapshot } from '@containersec/plugin-container-security-common';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The score change over about a week: the latest snapshot against the newest one
 * taken at least 7 days before it (or the oldest there is) under the same scoring model.
 * Undefined with fewer than two such snapshots.
 */
export function weeklyScoreChange(
  trend: PostureSnapshot[],
): { change: number; since: string } | undefined {
  const latest = trend[trend.length - 1];
  if (!latest) return undefined;
  // Scores of another scoring model are not comparable: a change of model is no progress.
  const model = latest.scoreModel ?? 1;
  const comparable = trend.filter(s => (s.scoreModel ?? 1) === model);
  if (comparable.length < 2) return undefined;
  const cutoff = Date.parse(latest.takenAt) - WEEK_MS;
  let base = comparable[0];
  for (const snapshot of comparable.slice(0, -1)) {
    if (Date.parse(snapshot.takenAt) <= cutoff) base = snapshot;
  }
  return { change: latest.score - base.score, since: base.takenAt };
}

/** "+5 since 14 Nov", "−3 since 14 Nov", "no change since 14 Nov". */
export function describeScoreChange(change: {
  change: number;
  since: string;
}): string {
  const date = new Date(change.since).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
  });
  if (change.change === 0) return `no change since ${date}`;
  const sign = change.change > 0 ? '+' : '\u2212';
  return `${sign}${Math.abs(change.change)} since ${date}`;
}
