import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityResponders,
  RESPONDERS_ANNOTATION,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import {
  useEntityResponderActions,
  useEntityResponders,
  useEntityRespondersSignal,
} from '../../hooks/useResponders';
import { PagedList } from '../LoadMore';
import { ActionsTable } from './ActionsTable';
import { ApprovalButtons } from './ApprovalButtons';

const useStyles = makeStyles({
  head: { whiteSpace: 'nowrap' },
  mono: { fontFamily: 'monospace', overflowWrap: 'anywhere' },
});

function Subheading(props: { children: string }) {
  return (
    <Typography variant="h6" component="h3" gutterBottom>
      {props.children}
    </Typography>
  );
}

function FunctionsTable(props: { responders: EntityResponders }) {
  const classes = useStyles();
  const { functions } = props.responders;
  if (functions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No function is allow-listed (containerSecurity.responders.functions).
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Available responders">
      <TableHead>
        <TableRow>
          <TableCell className={classes.head}>Function</TableCell>
          <TableCell className={classes.head}>What it does</TableCell>
          <TableCell className={classes.head}>Runs</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {functions.map(f => (
          <TableRow key={f.functionName} data-testid="responder-function-row">
            <TableCell className={classes.mono}>{f.functionName}</TableCell>
            <TableCell>{f.description ?? '—'}</TableCell>
            <TableCell>
              {f.automatic ? 'Automatically (opted in)' : 'By hand only'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The Response area of the Security tab: the responders a person may run on the service
 * (and which run automatically for it), the actions waiting for approval with Approve and
 * Reject, and the history of every action with its result. Updates live when the
 * backend's signals reach the page; `generation` reloads it from outside (after a
 * Respond run).
 */
export function ResponseSection(props: { generation?: number }) {
  const { entity } = useEntity();
  const entityRef = useMemo(() => stringifyEntityRef(entity), [entity]);
  const { generation, isSignalsAvailable } = useEntityRespondersSignal();
  const [localGeneration, setLocalGeneration] = useState(0);
  const live = generation + localGeneration + (props.generation ?? 0);
  const responders = useEntityResponders(live);
  const history = useEntityResponderActions(live);
  const reload = () => setLocalGeneration(g => g + 1);

  let top;
  if (responders.loading && !responders.value) {
    top = <Progress />;
  } else if (responders.error) {
    top = <ResponseErrorPanel error={responders.error} />;
  } else if (responders.value) {
    const value = responders.value;
    const notConfigured = !value.enabled && value.functions.length === 0;
    top = notConfigured ? (
      <EmptyState
        missing="field"
        title="Responders are not set up"
        description={`Allow-list Lambda functions under containerSecurity.responders.functions in app-config.yaml to respond to alerts from here, and list the functions rules may run on this service without a person in its ${RESPONDERS_ANNOTATION} annotation. See the README's Responders section.`}
      />
    ) : (
      <>
        {!value.enabled && (
          <Box mb={2}>
            <WarningPanel
              title="Responders are switched off"
              message="Nothing can be run or approved while containerSecurity.responders.killSwitch is on; attempts are recorded as suppressed."
            />
          </Box>
        )}
        <Subheading>Available responders</Subheading>
        <FunctionsTable responders={value} />
        <Box mt={3} data-testid="responder-pending">
          <Subheading>Waiting for approval</Subheading>
          {value.pending.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No action waits for approval.
            </Typography>
          ) : (
            <ActionsTable
              label="Pending approvals"
              actions={value.pending}
              renderDecision={action => (
                <ApprovalButtons
                  action={action}
                  entityRef={entityRef}
                  onDecided={reload}
                />
              )}
            />
          )}
        </Box>
      </>
    );
  }

  return (
    <InfoCard
      title="Response"
      subheader={
        isSignalsAvailable
          ? 'Lambda responders of this service, updated live'
          : 'Lambda responders of this service'
      }
    >
      <Box data-testid="response-section">
        {top}
        <Box mt={3} data-testid="responder-history">
          <Subheading>Action history</Subheading>
          <PagedList
            list={history}
            noun="actions"
            empty={
              <Typography variant="body2" color="textSecondary">
                No responder has acted on this service yet. Actions appear here
                when a rule matches one of its alerts or someone uses Respond on
                an alert.
              </Typography>
            }
          >
            <ActionsTable label="Action history" actions={history.items} />
          </PagedList>
        </Box>
      </Box>
    </InfoCard>
  );
}
