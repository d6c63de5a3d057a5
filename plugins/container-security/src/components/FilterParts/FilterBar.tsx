import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { FormEvent, ReactNode } from 'react';

/** A filter form whose controls wrap in a row; submitting it applies its text fields. */
export function FilterBar(props: {
  onSubmit: (e: FormEvent) => void;
  /** The form's accessible name. */
  label?: string;
  alignItems: 'flex-start' | 'center';
  children: ReactNode;
}) {
  return (
    <form onSubmit={props.onSubmit} aria-label={props.label}>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems={props.alignItems}
        style={{ gap: 12 }}
      >
        {props.children}
      </Box>
    </form>
  );
}

/** A text field of a {@link FilterBar}, applied when the bar is submitted. */
export function FilterText(props: {
  id?: string;
  label: string;
  helperText?: string;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <TextField
      id={props.id}
      label={props.label}
      size="small"
      variant="outlined"
      value={props.value}
      helperText={props.helperText}
      onChange={e => props.onChange(e.target.value)}
      // Without an id the label is not tied to the input, so it names the input here.
      inputProps={props.id ? undefined : { 'aria-label': props.label }}
    />
  );
}
