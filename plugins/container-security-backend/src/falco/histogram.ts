import { FalcoAlertCount } from './FalcoAlertStore';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STEPS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
  7 * 24 * HOUR,
];

/** The smallest readable bucket length that keeps `[fromMs, toMs)` to at most `maxBuckets`. */
export function chooseBucketMs(
  fromMs: number,
  toMs: number,
  maxBuckets = 60,
): number {
  const span = Math.max(1, toMs - fromMs);
  return (
    STEPS.find(step => span / step <= maxBuckets) ?? STEPS[STEPS.length - 1]
  );
}

/**
 * Fills counts grouped by time bucket and one key into a dense series: every bucket of
 * `[fromMs, toMs)` appears once, in order, even when nothing happened in it. Bucket starts
 * are aligned to the epoch as the store aligns them.
 */
export function denseSeries(
  counts: FalcoAlertCount[],
  keyOf: (count: FalcoAlertCount) => string,
  fromMs: number,
  toMs: number,
  bucketMs: number,
): Array<{ start: string; counts: Record<string, number> }> {
  const first = Math.floor(fromMs / bucketMs) * bucketMs;
  const buckets: Array<{ start: string; counts: Record<string, number> }> = [];
  const index = new Map<number, number>();
  for (let start = first; start < toMs; start += bucketMs) {
    index.set(start, buckets.length);
    buckets.push({ start: new Date(start).toISOString(), counts: {} });
  }
  for (const c of counts) {
    const at = index.get(c.bucketStartMs ?? Number.NaN);
    if (at === undefined) continue;
    const key = keyOf(c);
    buckets[at].counts[key] = (buckets[at].counts[key] ?? 0) + c.count;
  }
  return buckets;
}
