import {
  AuditEvent,
  RiskyAuditEvent,
} from '@containersec/plugin-container-security-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useSecurityPalette } from '../../theme';
import { ExpandableText, useTableStyles } from '../TableParts';

function mfaLabel(mfa: boolean | undefined) {
  if (mfa === true) return 'MFA';
  if (mfa === false) return 'no MFA';
  return '—';
}

/**
 * CloudTrail events as rows: when, what, who (and the role acting), from where, MFA and
 * the outcome; risky rows are tinted and say why. Every field is attacker-influenced
 * (user agents, names, parameters) and is rendered as text only.
 */
export function AuditEventsTable(props: {
  events: Array<AuditEvent | RiskyAuditEvent>;
  showServices?: boolean;
  label: string;
}) {
  const palette = useSecurityPalette();
  const tables = useTableStyles();
  return (
    // A narrow window scrolls the table, not the page.
    <TableContainer className={tables.container}>
      <Table size="small" aria-label={props.label} className={tables.table}>
        <TableHead>
          <TableRow>
            <TableCell>Time</TableCell>
            <TableCell>Event</TableCell>
            <TableCell>Who</TableCell>
            <TableCell>From</TableCell>
            <TableCell>MFA</TableCell>
            <TableCell>Result</TableCell>
            {props.showServices && <TableCell>Services</TableCell>}
            <TableCell>Risk</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.events.map(event => {
            const risky = event.risks.length > 0;
            return (
              <TableRow
                key={event.eventId}
                data-testid={risky ? 'audit-row-risky' : 'audit-row'}
              >
                <TableCell
                  style={{
                    whiteSpace: 'nowrap',
                    // A bar, not a tinted row: a tint under grey captions costs them
                    // their AA contrast.
                    ...(risky && {
                      boxShadow: `inset 4px 0 0 ${palette.bad}`,
                    }),
                  }}
                >
                  {new Date(event.eventTime).toLocaleString()}
                </TableCell>
                <TableCell>
                  <Typography
                    variant="body2"
                    className={tables.identifier}
                    data-testid="audit-event-name"
                  >
                    {event.eventName}
                  </Typography>
                  <Typography variant="caption" color="textSecondary">
                    {event.eventSource} · {event.region}
                  </Typography>
                </TableCell>
                <TableCell style={{ wordBreak: 'break-word' }}>
                  <Typography variant="body2">
                    {event.principal.name}
                  </Typography>
                  <Typography variant="caption" color="textSecondary">
                    {event.principal.type}
                    {event.principal.roleArn
                      ? ` · role ${event.principal.roleArn}`
                      : ''}
                  </Typography>
                </TableCell>
                <TableCell style={{ maxWidth: 260 }}>
                  <Typography variant="body2">
                    {event.sourceIp ?? '—'}
                  </Typography>
                  {event.userAgent && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="div"
                    >
                      <ExpandableText
                        text={event.userAgent}
                        testId="audit-user-agent"
                      />
                    </Typography>
                  )}
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {mfaLabel(event.mfaUsed)}
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {event.errorCode ? (
                    <Tooltip title={event.errorMessage ?? event.errorCode}>
                      {/* The theme's error colour falls below AA on the grey of a risky row. */}
                      <Typography
                        variant="body2"
                        style={{ color: palette.bad }}
                      >
                        {event.errorCode}
                      </Typography>
                    </Tooltip>
                  ) : (
                    'Success'
                  )}
                </TableCell>
                {props.showServices && (
                  <TableCell>
                    {'entityRefs' in event && event.entityRefs.length
                      ? event.entityRefs.map((ref, i) => (
                          <span key={ref}>
                            {i > 0 ? ', ' : ''}
                            <EntityRefLink entityRef={ref} />
                          </span>
                        ))
                      : '—'}
                  </TableCell>
                )}
                <TableCell style={{ minWidth: 220 }}>
                  {event.risks.map(risk => (
                    <Box key={risk.ruleId} mb={0.5}>
                      <Chip
                        size="small"
                        label={`${risk.severity}: ${risk.title}`}
                        style={palette.chip(palette.severity[risk.severity])}
                      />
                      <Typography variant="caption" display="block">
                        {risk.why}
                      </Typography>
                    </Box>
                  ))}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
