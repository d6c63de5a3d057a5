import { FalcoAlertSummary } from '@containersec/plugin-container-security-common';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { useSecurityPalette } from '../../theme';
import { useTableStyles } from '../TableParts';
import { groupAlerts } from './groupAlerts';

/** The time of an alert in the viewer's zone, to the second. */
export function alertTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

/**
 * Alerts as rows; the rule opens the detail. `showService` adds the owning service
 * (the org-wide page). `grouped` shows repeated alerts (same rule, workload and output
 * template) once, the newest, with how many there are among those loaded.
 */
export function AlertsTable(props: {
  alerts: FalcoAlertSummary[];
  onOpen?: (alert: FalcoAlertSummary) => void;
  showService?: boolean;
  grouped?: boolean;
  label: string;
}) {
  const palette = useSecurityPalette();
  const tables = useTableStyles();
  const rows = props.grouped
    ? groupAlerts(props.alerts)
    : props.alerts.map(a => ({
        key: a.id,
        newest: a,
        count: 1,
        oldestTime: a.time,
      }));
  return (
    <TableContainer className={tables.container}>
      <Table size="small" aria-label={props.label} className={tables.table}>
        <TableHead>
          <TableRow>
            <TableCell>{props.grouped ? 'Latest' : 'Time'}</TableCell>
            {props.grouped && (
              <TableCell className={tables.numeric}>Count</TableCell>
            )}
            <TableCell>Priority</TableCell>
            <TableCell>Rule</TableCell>
            {props.showService && <TableCell>Namespace / pod</TableCell>}
            {!props.showService && <TableCell>Workload</TableCell>}
            <TableCell>Container</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Output</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(({ newest: alert, count, oldestTime }) => (
            <TableRow key={alert.id} data-testid="alert-row" hover>
              <TableCell style={{ whiteSpace: 'nowrap' }}>
                {alertTime(alert.time)}
              </TableCell>
              {props.grouped && (
                <TableCell
                  className={tables.numeric}
                  data-testid="alert-group-count"
                  title={
                    count > 1
                      ? `${count} alerts like this since ${alertTime(
                          oldestTime,
                        )}`
                      : undefined
                  }
                >
                  {count > 1 ? `×${count}` : '1'}
                </TableCell>
              )}
              <TableCell>
                <Chip
                  size="small"
                  label={alert.priority}
                  style={palette.chip(palette.priority[alert.priority])}
                />
              </TableCell>
              <TableCell>
                {props.onOpen ? (
                  <Link
                    component="button"
                    variant="body2"
                    onClick={() => props.onOpen?.(alert)}
                  >
                    {alert.rule}
                  </Link>
                ) : (
                  alert.rule
                )}
              </TableCell>
              {props.showService ? (
                <TableCell>
                  {[alert.cluster, alert.namespace, alert.pod]
                    .filter(Boolean)
                    .join(' / ') || '—'}
                </TableCell>
              ) : (
                <TableCell>
                  {alert.workload
                    ? `${alert.workload.kind}/${alert.workload.name}`
                    : alert.pod ?? '—'}
                </TableCell>
              )}
              <TableCell>{alert.container ?? '—'}</TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>
                {alert.status}
              </TableCell>
              <TableCell title={alert.output}>
                {/* A cell's max-width does not bind an auto-layout table; a block does. */}
                <div
                  style={{
                    maxWidth: 420,
                    overflow: 'hidden',
                    textOverflow: 'ellipsis',
                    whiteSpace: 'nowrap',
                    fontFamily: 'monospace',
                  }}
                >
                  {alert.output}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
