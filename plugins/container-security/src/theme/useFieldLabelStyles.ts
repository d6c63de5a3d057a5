import { makeStyles } from '@material-ui/core/styles';

/**
 * The label of a form field that sits on the page background rather than on paper:
 * Material UI draws it in the secondary text colour, which falls below AA contrast on
 * Backstage's light grey page background; the primary text colour keeps it readable.
 */
export const useFieldLabelStyles = makeStyles(theme => ({
  label: {
    color: theme.palette.text.primary,
  },
}));
