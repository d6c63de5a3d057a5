import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

const DAY = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
});
const MINUTE = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * A stacked bar chart of counts per time bucket, drawn as plain SVG. Series names are
 * rendered as SVG text, never as markup.
 */
export function StackedHistogram(props: {
  buckets: Array<{ start: string; counts: Partial<Record<string, number>> }>;
  /** Series in stacking order, bottom first. */
  series: string[];
  colorOf: (series: string) => string;
  bucketMs: number;
  title: string;
  height?: number;
}) {
  const { buckets, series, colorOf, bucketMs, title } = props;
  const height = props.height ?? 120;
  const width = 600;
  const totals = buckets.map(b =>
    series.reduce((sum, s) => sum + (b.counts[s] ?? 0), 0),
  );
  const max = Math.max(1, ...totals);
  const barWidth = buckets.length ? width / buckets.length : width;
  const formatter = bucketMs >= 86_400_000 ? DAY : MINUTE;
  const format = (iso: string) => formatter.format(new Date(iso));
  const used = series.filter(s => buckets.some(b => (b.counts[s] ?? 0) > 0));
  const total = totals.reduce((a, b) => a + b, 0);
  return (
    <Box>
      <svg
        role="img"
        aria-label={`${title}: ${total} in ${buckets.length} buckets`}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        width="100%"
        height={height}
        data-testid="alert-histogram"
      >
        {buckets.map((bucket, i) => {
          let y = height;
          const label = format(bucket.start);
          return (
            <g key={bucket.start} data-testid="alert-histogram-bucket">
              <title>{`${label}: ${totals[i]}`}</title>
              {series.map(s => {
                const count = bucket.counts[s] ?? 0;
                if (!count) return null;
                const h = (count / max) * (height - 4);
                y -= h;
                return (
                  <rect
                    key={s}
                    x={i * barWidth + 1}
                    y={y}
                    width={Math.max(1, barWidth - 2)}
                    height={h}
                    fill={colorOf(s)}
                  >
                    <title>{`${label} · ${s}: ${count}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </svg>
      <Box display="flex" justifyContent="space-between">
        <Typography variant="caption" color="textSecondary">
          {buckets.length ? format(buckets[0].start) : ''}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {buckets.length ? format(buckets[buckets.length - 1].start) : ''}
        </Typography>
      </Box>
      <Box display="flex" flexWrap="wrap" style={{ gap: 12 }} mt={1}>
        {[...used].reverse().map(s => (
          <Box key={s} display="flex" alignItems="center">
            <span
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                marginRight: 4,
                backgroundColor: colorOf(s),
              }}
            />
            <Typography variant="caption">{s}</Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
