import { makeStyles } from '@material-ui/core/styles';

/**
 * Table styles shared by every table of the suite: headers never break inside a word
 * ("Sourc e", "St atu s"), a wide table scrolls inside its own container instead of the
 * page, and numbers line up on the right in tabular figures.
 */
export const useTableStyles = makeStyles(theme => ({
  container: {
    overflowX: 'auto',
    maxWidth: '100%',
  },
  table: {
    '& th': {
      whiteSpace: 'nowrap',
      wordBreak: 'keep-all',
      hyphens: 'none',
    },
  },
  numeric: {
    textAlign: 'right',
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
  },
  /** Identifiers (event names, function names): wrap only at their own separators. */
  identifier: {
    wordBreak: 'keep-all',
    overflowWrap: 'normal',
    whiteSpace: 'nowrap',
  },
  /** One line, cut with an ellipsis; the full value is one click or hover away. */
  oneLine: {
    display: 'block',
    maxWidth: 360,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  expandable: {
    cursor: 'pointer',
    background: 'none',
    border: 'none',
    padding: 0,
    font: 'inherit',
    color: 'inherit',
    textAlign: 'left',
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}` },
  },
  expanded: {
    whiteSpace: 'normal',
    wordBreak: 'break-all',
  },
}));
