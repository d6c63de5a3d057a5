import Grid, { GridSize } from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** Props of {@link Figure}. */
export interface FigureProps {
  label: string;
  value: ReactNode;
  testId: string;
  /** Grid columns the figure takes. */
  xs: GridSize;
  sm?: GridSize;
}

/** One headline number of a card or summary, with its label under it, as a grid item. */
export function Figure(props: FigureProps) {
  return (
    <Grid item xs={props.xs} sm={props.sm} data-testid={props.testId}>
      <Typography variant="h4" component="p">
        {props.value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.label}
      </Typography>
    </Grid>
  );
}
