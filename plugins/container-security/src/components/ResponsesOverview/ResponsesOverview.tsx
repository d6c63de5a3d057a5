import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import {
  RESPONDER_ACTION_STATUSES,
  ResponderActionStatus,
  RespondersOverview,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import {
  useResponderActions,
  useRespondersOrgSignal,
  useRespondersOverview,
} from '../../hooks/useResponders';
import { Figure } from '../Figure';
import { PagedList } from '../LoadMore';
import { ActionsTable, ApprovalButtons } from '../ResponseSection';
import { formatSeconds, STATUS_LABELS } from '../ResponseSection/format';

const useStyles = makeStyles({
  head: { whiteSpace: 'nowrap' },
  mono: { fontFamily: 'monospace' },
  // Function names wrap between names, never inside one.
  names: { display: 'flex', flexWrap: 'wrap', columnGap: 12, rowGap: 2 },
  name: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
  // The table scrolls inside its card and never widens the page.
  scroll: { overflowX: 'auto', width: '100%', contain: 'inline-size' },
});

function RulesTable(props: { overview: RespondersOverview }) {
  const classes = useStyles();
  const { rules } = props.overview;
  if (rules.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No rules are loaded (containerSecurity.responders.rulesFiles):
        responders run by hand only.
      </Typography>
    );
  }
  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label="Responder rules">
        <TableHead>
          <TableRow>
            <TableCell className={classes.head}>Rule</TableCell>
            <TableCell className={classes.head}>Mode</TableCell>
            <TableCell className={classes.head}>Actions</TableCell>
            <TableCell className={classes.head}>Defined in</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rules.map(rule => (
            <TableRow
              key={`${rule.source}:${rule.name}`}
              data-testid="rule-row"
            >
              <TableCell>{rule.name}</TableCell>
              <TableCell className={classes.head}>{rule.mode}</TableCell>
              <TableCell>{rule.actions.join(', ')}</TableCell>
              <TableCell className={classes.mono}>{rule.source}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function StateCard(props: { generation: number }) {
  const classes = useStyles();
  const { value, loading, error } = useRespondersOverview(props.generation);
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  if (
    !value.enabled &&
    !value.killSwitch &&
    value.allowedFunctions.length === 0 &&
    value.rules.length === 0
  ) {
    return (
      <EmptyState
        missing="field"
        title="Responders are not set up"
        description="Allow-list Lambda functions under containerSecurity.responders.functions and load Falco Talon rules through containerSecurity.responders.rulesFiles in app-config.yaml. See the README's Responders section."
      />
    );
  }
  const { limits } = value;
  return (
    <InfoCard title="Responders" subheader="State, limits and loaded rules">
      {value.killSwitch && (
        <Box mb={2}>
          <WarningPanel
            severity="error"
            title="The kill switch is on"
            message="Nothing is invoked, automatic or manual; attempts are recorded as suppressed. Switch containerSecurity.responders.killSwitch off to resume."
          />
        </Box>
      )}
      <Grid container spacing={2}>
        <Figure
          xs={6}
          sm={2}
          testId="responders-state"
          label="State"
          value={value.enabled ? 'On' : 'Off'}
        />
        <Figure
          xs={6}
          sm={2}
          testId="responders-kill-switch"
          label="Kill switch"
          value={value.killSwitch ? 'On' : 'Off'}
        />
        <Figure
          xs={6}
          sm={2}
          testId="responders-last-hour"
          label="Actions in the last hour"
          value={`${limits.actionsLastHour} / ${limits.maxActionsPerHour}`}
        />
        <Figure
          xs={6}
          sm={2}
          testId="responders-rule-cooldown"
          label="Rule cooldown"
          value={formatSeconds(limits.ruleCooldownSeconds)}
        />
        <Figure
          xs={6}
          sm={2}
          testId="responders-service-cooldown"
          label="Service cooldown"
          value={formatSeconds(limits.serviceCooldownSeconds)}
        />
        <Figure
          xs={6}
          sm={2}
          testId="responders-approval-timeout"
          label="Approvals expire after"
          value={formatSeconds(value.approvalTimeoutSeconds)}
        />
      </Grid>
      <Box mt={2}>
        <Typography variant="subtitle2">Allow-listed functions</Typography>
        {value.allowedFunctions.length > 0 ? (
          <Typography
            variant="body2"
            component="ul"
            className={classes.names}
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
            aria-label="Allow-listed functions"
          >
            {value.allowedFunctions.map(name => (
              <li
                key={name}
                className={classes.name}
                data-testid="responders-allowed-function"
              >
                {name}
              </li>
            ))}
          </Typography>
        ) : (
          <Typography variant="body2">none</Typography>
        )}
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2" gutterBottom>
          Rules, in evaluation order
        </Typography>
        <RulesTable overview={value} />
      </Box>
    </InfoCard>
  );
}

function ApprovalQueue(props: { generation: number; onDecided: () => void }) {
  const queue = useResponderActions('pending-approval', props.generation);
  return (
    <InfoCard
      title="Approval queue"
      subheader="Pending actions of every service, newest first"
    >
      <Box data-testid="approval-queue">
        <PagedList
          list={queue}
          noun="pending actions"
          empty={
            <Typography variant="body2" color="textSecondary">
              No action waits for approval. Rules in approval mode put their
              actions here.
            </Typography>
          }
        >
          <ActionsTable
            label="Approval queue"
            actions={queue.items}
            showService
            renderDecision={action => (
              <ApprovalButtons action={action} onDecided={props.onDecided} />
            )}
          />
        </PagedList>
      </Box>
    </InfoCard>
  );
}

function AllActions(props: { generation: number }) {
  const [status, setStatus] = useState<ResponderActionStatus | ''>('');
  const actions = useResponderActions(status || undefined, props.generation);
  return (
    <InfoCard title="Every action" subheader="Newest first, with results">
      <Box data-testid="all-responder-actions">
        <Box mb={2}>
          <FormControl
            variant="outlined"
            size="small"
            style={{ minWidth: 200 }}
          >
            <InputLabel id="responder-status-filter">Status</InputLabel>
            <Select
              labelId="responder-status-filter"
              label="Status"
              value={status}
              onChange={e =>
                setStatus(e.target.value as ResponderActionStatus | '')
              }
            >
              <MenuItem value="">Any</MenuItem>
              {RESPONDER_ACTION_STATUSES.map(s => (
                <MenuItem key={s} value={s}>
                  {STATUS_LABELS[s]}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        </Box>
        <PagedList
          list={actions}
          noun="actions"
          empty={
            <Typography variant="body2" color="textSecondary">
              {status
                ? 'No action has this status.'
                : 'No responder has acted yet.'}
            </Typography>
          }
        >
          <ActionsTable
            label="All actions"
            actions={actions.items}
            showService
          />
        </PagedList>
      </Box>
    </InfoCard>
  );
}

/**
 * The org-wide Responses tab: the responders' state (kill switch, limits, rules and
 * their modes), the approval queue for the security team, and every action. Updates
 * live on the org-wide responder signal.
 */
export function ResponsesOverview() {
  const { generation } = useRespondersOrgSignal();
  const [local, setLocal] = useState(0);
  const live = generation + local;
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <StateCard generation={live} />
      </Grid>
      <Grid item>
        <ApprovalQueue
          generation={live}
          onDecided={() => setLocal(g => g + 1)}
        />
      </Grid>
      <Grid item>
        <AllActions generation={live} />
      </Grid>
    </Grid>
  );
}
