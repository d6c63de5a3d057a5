import { Table } from '@backstage/core-components';
import ArrowDownward from '@material-ui/icons/ArrowDownward';
import { forwardRef } from 'react';

/**
 * The icons of Backstage's Table with a sort arrow that points the way the rows go.
 * Material UI's TableSortLabel turns its icon upside down for ascending order, expecting a
 * downward arrow; Backstage's Table gives it an upward one, so an ascending column showed
 * a downward arrow. With the downward arrow back, ascending reads ↑ and descending ↓.
 */
export const tableIcons = {
  ...Table.icons,
  SortArrow: forwardRef<SVGSVGElement>((props, ref) => (
    <ArrowDownward {...props} ref={ref} data-testid="sort-arrow" />
  )),
};
