import { EmptyState, InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ScorecardExclusionReason } from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useEntityScorecard } from '../../hooks/useEntityScorecard';
import { GradeBadge } from '../PostureSection/PostureSummary';
import { shortRef } from '../Scorecards/ScorecardsContent';
import { ScoreDelta } from '../Scorecards/widgets';
import { LoadingOrUnavailable } from '../LoadingOrUnavailable';

const EXCLUSION_REASONS: Record<ScorecardExclusionReason, string> = {
  'no-kubernetes-annotation': 'no Kubernetes annotation',
  'no-workloads': 'no workload matched yet',
};

/** The services left out of the roll-up, each with why. */
function Excluded(props: {
  excluded: NonNullable<
    ReturnType<typeof useEntityScorecard>['value']
  >['excluded'];
}) {
  const excluded = props.excluded ?? [];
  if (excluded.length === 0) return null;
  return (
    <Box mt={1} data-testid="scorecard-excluded">
      <Typography variant="caption" color="textSecondary" component="div">
        {excluded.length === 1
          ? 'Not counted: 1 more service'
          : `Not counted: ${excluded.length} more services`}
      </Typography>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {excluded.map(x => (
          <li key={x.entityRef}>
            <Typography variant="caption">
              <EntityRefLink entityRef={x.entityRef} hideIcon />
              {` (${EXCLUSION_REASONS[x.reason] ?? x.reason})`}
            </Typography>
          </li>
        ))}
      </ul>
    </Box>
  );
}

/** The sub-groups rolled up, each under its parent. */
function SubGroups(props: {
  subGroups: NonNullable<
    ReturnType<typeof useEntityScorecard>['value']
  >['subGroups'];
}) {
  const subGroups = props.subGroups ?? [];
  if (subGroups.length === 0) return null;
  return (
    <Box mt={1} data-testid="scorecard-sub-groups">
      <Typography variant="caption" color="textSecondary" component="div">
        Includes the services of its sub-groups:
      </Typography>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {subGroups.map(g => (
          <li key={g.entityRef}>
            <Typography variant="caption">
              <EntityRefLink
                entityRef={g.entityRef}
                defaultKind="group"
                hideIcon
              />
              {' under '}
              <EntityRefLink
                entityRef={g.parentRef}
                defaultKind="group"
                hideIcon
              />
            </Typography>
          </li>
        ))}
      </ul>
    </Box>
  );
}

function CardBody() {
  const { value, loading, error } = useEntityScorecard();
  if (loading || error) {
    return (
      <LoadingOrUnavailable loading={loading} error={error} what="Scorecard" />
    );
  }
  if (!value || value.entries.length === 0) {
    return (
      <>
        <EmptyState
          missing="data"
          title="No scorecards yet"
          description="The first snapshot is taken after the first sync."
        />
        <Excluded excluded={value?.excluded} />
      </>
    );
  }
  const showOwner = Boolean(value.subGroups?.length);
  const entries = [...value.entries].sort(
    (a, b) => a.score - b.score || a.entityRef.localeCompare(b.entityRef),
  );
  return (
    <>
      <Box display="flex" alignItems="center" style={{ gap: 16 }} mb={2}>
        {value.grade ? (
          <GradeBadge grade={value.grade} data-testid="scorecard-grade" />
        ) : null}
        <div>
          <Typography variant="h5" component="p" data-testid="scorecard-score">
            {value.score !== undefined ? `${value.score}/100` : 'No score'}
          </Typography>
          <Typography
            variant="caption"
            color="textSecondary"
            data-testid="scorecard-across"
          >
            Across {entries.length}{' '}
            {entries.length === 1 ? 'service' : 'services'}
            {value.excluded?.length
              ? ` of ${entries.length + value.excluded.length}`
              : ''}
          </Typography>
        </div>
      </Box>
      <SubGroups subGroups={value.subGroups} />
      <Excluded excluded={value.excluded} />
      <Box mt={1} />
      <Table size="small" data-testid="entity-scorecard-table">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            {showOwner && <TableCell>Team</TableCell>}
            <TableCell>Grade</TableCell>
            <TableCell align="right">Score</TableCell>
            <TableCell>Level</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map(e => (
            <TableRow key={e.entityRef}>
              <TableCell>
                <EntityRefLink entityRef={e.entityRef} hideIcon>
                  {e.title ?? shortRef(e.entityRef, 'component')}
                </EntityRefLink>
              </TableCell>
              {showOwner && (
                <TableCell>
                  {e.owner ? (
                    <EntityRefLink
                      entityRef={e.owner}
                      defaultKind="group"
                      hideIcon
                    />
                  ) : (
                    '—'
                  )}
                </TableCell>
              )}
              <TableCell>
                <GradeBadge grade={e.grade} size="small" />
              </TableCell>
              <TableCell align="right">
                <ScoreDelta score={e.score} previousScore={e.previousScore} />
              </TableCell>
              <TableCell>{e.level ?? '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

/**
 * The Security scorecard card for System, Domain and Group pages: the roll-up grade and
 * score, and the grade, score and level of each of its services.
 *
 * @public
 */
export function EntityScorecardCard() {
  return (
    <InfoCard title="Security scorecard">
      <CardBody />
    </InfoCard>
  );
}
