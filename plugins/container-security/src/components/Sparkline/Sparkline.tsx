/** `[x, y]` points of scores (0–100) on a `width`×`height` canvas, oldest left. */
export function trendPoints(
  scores: number[],
  width: number,
  height: number,
  pad = 2,
): Array<[number, number]> {
  const step = scores.length > 1 ? (width - 2 * pad) / (scores.length - 1) : 0;
  return scores.map((score, i) => {
    const clamped = Math.min(100, Math.max(0, score));
    const x = pad + i * step;
    const y = pad + ((100 - clamped) / 100) * (height - 2 * pad);
    return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
  });
}

/** A small line chart of 0–100 values, as inline SVG with an accessible label. */
export function Sparkline(props: {
  values: number[];
  width: number;
  height: number;
  label: string;
  testId: string;
  /** Marks the latest value with a dot. */
  markLast?: boolean;
  /** Draws a dashed line before the value at this index (a change of scale). */
  breakBefore?: number;
}) {
  const points = trendPoints(props.values, props.width, props.height);
  const [lastX, lastY] = points[points.length - 1];
  const breakAt =
    props.breakBefore !== undefined &&
    props.breakBefore > 0 &&
    props.breakBefore < points.length
      ? (points[props.breakBefore - 1][0] + points[props.breakBefore][0]) / 2
      : undefined;
  return (
    <svg
      width={props.width}
      height={props.height}
      viewBox={`0 0 ${props.width} ${props.height}`}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
    >
      <title>{props.label}</title>
      <polyline
        fill="none"
        stroke="currentColor"
        strokeWidth={1.5}
        strokeLinejoin="round"
        points={points.map(([x, y]) => `${x},${y}`).join(' ')}
      />
      {breakAt !== undefined ? (
        <line
          x1={breakAt}
          x2={breakAt}
          y1={0}
          y2={props.height}
          stroke="currentColor"
          strokeDasharray="2 2"
          strokeWidth={1}
          data-testid={`${props.testId}-break`}
        />
      ) : null}
      {props.markLast ? (
        <circle cx={lastX} cy={lastY} r={2} fill="currentColor" />
      ) : null}
    </svg>
  );
}
