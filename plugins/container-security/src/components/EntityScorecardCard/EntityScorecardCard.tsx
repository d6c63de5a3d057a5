import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { describeError } from '../../api/describeError';
import { useEntityScorecard } from '../../hooks/useEntityScorecard';
import { GradeBadge } from '../PostureSection/PostureSummary';
import { shortRef } from '../Scorecards/ScorecardsContent';
import { ScoreDelta } from '../Scorecards/widgets';

function CardBody() {
  const { value, loading, error } = useEntityScorecard();
  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title={`Scorecard unavailable: ${describeError(error)}`}
      />
    );
  }
  if (!value || value.entries.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No scorecards yet"
        description="The first snapshot is taken after the first sync."
      />
    );
  }
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
          <Typography variant="caption" color="textSecondary">
            Across {entries.length}{' '}
            {entries.length === 1 ? 'service' : 'services'}
          </Typography>
        </div>
      </Box>
      <Table size="small" data-testid="entity-scorecard-table">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
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
