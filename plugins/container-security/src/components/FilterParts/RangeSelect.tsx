import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/** A choice of {@link RangeSelect}: how far back from now. */
interface TimeRange {
  label: string;
  ms: number;
}

/** The "Time range" select of a filter bar; its options' values are their `ms`. */
export function RangeSelect(props: {
  /** The select's id; with `namedByValue`, `<id>-value` is its shown value's. */
  id: string;
  ranges: readonly TimeRange[];
  value: number;
  onChange: (ms: number) => void;
  minWidth: number;
  /** Names the select by its label and shown value ("Time range Last 7 days"). */
  namedByValue?: boolean;
}) {
  const { id, onChange } = props;
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      id={id}
      label="Time range"
      value={props.value}
      onChange={e => onChange(Number(e.target.value))}
      SelectProps={
        props.namedByValue
          ? { SelectDisplayProps: { id: `${id}-value` } as any }
          : undefined
      }
      style={{ minWidth: props.minWidth }}
    >
      {props.ranges.map(r => (
        <MenuItem key={r.ms} value={r.ms}>
          {r.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
