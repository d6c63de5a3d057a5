import { useState } from 'react';
import { useTableStyles } from './tableStyles';

/**
 * A long value (a user agent, a command line) on one line, cut with an ellipsis; a click
 * or Enter shows it whole, and the full value is the hover title too.
 */
export function ExpandableText(props: { text: string; testId?: string }) {
  const classes = useTableStyles();
  const [open, setOpen] = useState(false);
  return (
    <button
      type="button"
      className={`${classes.expandable} ${
        open ? classes.expanded : classes.oneLine
      }`}
      title={open ? undefined : props.text}
      aria-expanded={open}
      onClick={() => setOpen(o => !o)}
      data-testid={props.testId}
    >
      {props.text}
    </button>
  );
}
