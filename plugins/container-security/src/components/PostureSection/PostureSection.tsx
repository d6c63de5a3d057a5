import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  CheckDefinition,
  EntityPostureResponse,
  ExemptedFindingView,
  Finding,
  FindingResource,
  getCheckDefinition,
  ResourcePosture,
  SEVERITIES,
  Severity,
} from '@containersec/plugin-container-security-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import CardHeader from '@material-ui/core/CardHeader';
import Chip from '@material-ui/core/Chip';
import Divider from '@material-ui/core/Divider';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Fragment } from 'react';
import { useEntityPosture } from '../../hooks/useEntityPosture';
import { NoWorkloadsEmptyState } from '../EmptyStates';
import { SourceStatusAlert } from '../SourceStatusAlert';
import { GradeBadge, PostureHeadline, SeverityChip } from './PostureSummary';
import { SectionHeader } from '../SectionHeader';
import { useSecurityPalette } from '../../theme';

const useStyles = makeStyles(theme => ({
  check: {
    padding: theme.spacing(1.5, 0),
  },
  checkTitle: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  messages: {
    margin: theme.spacing(0.5, 0),
    paddingLeft: theme.spacing(3),
  },
  message: {
    wordBreak: 'break-word',
  },
  details: {
    display: 'block',
  },
  detailsBlock: {
    marginBottom: theme.spacing(1.5),
  },
  references: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  exemption: {
    padding: theme.spacing(1, 0),
  },
}));

const severityRank = (s: Severity) => {
  const i = SEVERITIES.indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
};

const worstSeverity = (findings: Finding[]): Severity =>
  findings.reduce<Severity>(
    (worst, f) =>
      severityRank(f.severity) < severityRank(worst) ? f.severity : worst,
    'info',
  );

/** The built-in definition of a check; undefined for unknown (e.g. custom) checks. */
function lookupCheck(id: string): CheckDefinition | undefined {
  try {
    return getCheckDefinition(id);
  } catch {
    return undefined;
  }
}

const checkTitle = (id: string) => lookupCheck(id)?.title ?? id;

export function resourceLabel(r: FindingResource): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** An ISO timestamp as YYYY-MM-DD (UTC); anything unparseable as given. */
export function formatDate(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString().slice(0, 10);
}

const unique = <T,>(items: T[]) => [...new Set(items)];

/** Findings by check id, most severe check first, then by title. */
export function groupByCheck<F extends Finding>(
  findings: F[],
): Array<{ checkId: string; findings: F[] }> {
  const groups = new Map<string, F[]>();
  for (const f of findings) {
    const list = groups.get(f.checkId);
    if (list) list.push(f);
    else groups.set(f.checkId, [f]);
  }
  return [...groups.entries()]
    .map(([checkId, list]) => ({ checkId, findings: list }))
    .sort(
      (a, b) =>
        severityRank(worstSeverity(a.findings)) -
          severityRank(worstSeverity(b.findings)) ||
        checkTitle(a.checkId).localeCompare(checkTitle(b.checkId)),
    );
}

/** Workloads first, then the other resources; each part in its original order. */
export function sortResources(resources: ResourcePosture[]) {
  return [
    ...resources.filter(r => r.isWorkload),
    ...resources.filter(r => !r.isWorkload),
  ];
}

/** Text with `backticked` parts shown as code; always rendered as text, never HTML. */
function TextWithCode(props: { text: string }) {
  const parts = props.text.split('`');
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 && i < parts.length - 1 ? (
          <code key={i}>{part}</code>
        ) : (
          <Fragment key={i}>{i % 2 === 1 ? `\`${part}` : part}</Fragment>
        ),
      )}
    </>
  );
}

function findingLine(f: Finding): string {
  const where = f.location ? ` (${f.location.file}:${f.location.line})` : '';
  // The Pod Security Standards version the pod was evaluated at (namespace label or config).
  const pss = f.podSecurityVersion ? ` [PSS ${f.podSecurityVersion}]` : '';
  return `${f.container ? `${f.container}: ` : ''}${f.message}${where}${pss}`;
}

function CheckHelp(props: { definition: CheckDefinition }) {
  const classes = useStyles();
  const def = props.definition;
  return (
    <Accordion
      variant="outlined"
      TransitionProps={{ unmountOnExit: false }}
      data-testid="check-help"
    >
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="body2">
          Why it matters and how to fix it
        </Typography>
      </AccordionSummary>
      <AccordionDetails className={classes.details}>
        <div className={classes.detailsBlock}>
          <Typography variant="subtitle2">Rationale</Typography>
          <Typography variant="body2">
            <TextWithCode text={def.rationale} />
          </Typography>
        </div>
        <div className={classes.detailsBlock}>
          <Typography variant="subtitle2">Remediation</Typography>
          <Typography variant="body2">
            <TextWithCode text={def.remediation} />
          </Typography>
        </div>
        {def.remediationYaml ? (
          <div className={classes.detailsBlock} data-testid="remediation-yaml">
            <CodeSnippet
              text={def.remediationYaml}
              language="yaml"
              showCopyCodeButton
            />
          </div>
        ) : null}
        {def.references.length > 0 ? (
          <div className={classes.detailsBlock}>
            <Typography variant="subtitle2">References</Typography>
            <div className={classes.references}>
              {def.references.map(ref => (
                <Chip key={ref} size="small" variant="outlined" label={ref} />
              ))}
            </div>
          </div>
        ) : null}
      </AccordionDetails>
    </Accordion>
  );
}

function CheckFindings(props: { checkId: string; findings: Finding[] }) {
  const classes = useStyles();
  const definition = lookupCheck(props.checkId);
  const containers = unique(
    props.findings.flatMap(f => (f.container ? [f.container] : [])),
  );
  const messages = unique(props.findings.map(findingLine));
  return (
    <div
      className={classes.check}
      data-testid="check-findings"
      data-check-id={props.checkId}
    >
      <div className={classes.checkTitle}>
        <Typography variant="subtitle1" component="h4">
          {definition?.title ?? props.checkId}
        </Typography>
        <SeverityChip severity={worstSeverity(props.findings)} />
        {definition ? (
          <Typography variant="caption" color="textSecondary">
            {props.checkId}
          </Typography>
        ) : null}
      </div>
      {containers.length > 0 ? (
        <Typography variant="body2" color="textSecondary">
          Containers: {containers.join(', ')}
        </Typography>
      ) : null}
      <ul className={classes.messages}>
        {messages.map(m => (
          <li key={m} className={classes.message}>
            <Typography variant="body2">{m}</Typography>
          </li>
        ))}
      </ul>
      {definition ? <CheckHelp definition={definition} /> : null}
    </div>
  );
}

function ExemptedFinding(props: { finding: ExemptedFindingView }) {
  const classes = useStyles();
  const palette = useSecurityPalette();
  const { finding } = props;
  const { exemption } = finding;
  return (
    <li
      className={classes.exemption}
      data-testid="exempted-finding"
      data-check-id={finding.checkId}
    >
      <div className={classes.checkTitle}>
        <Typography variant="body1" component="span">
          {checkTitle(finding.checkId)}
        </Typography>
        <SeverityChip severity={finding.severity} />
        {exemption.expired ? (
          <Chip
            size="small"
            label="Expired"
            data-testid="exemption-expired"
            style={palette.chip(palette.bad)}
          />
        ) : null}
      </div>
      <Typography variant="body2" className={classes.message}>
        {findingLine(finding)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Reason: {exemption.reason}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Owner: {exemption.owner} · Origin:{' '}
        {exemption.origin === 'config' ? 'app-config' : 'annotation'} ·{' '}
        {exemption.expires
          ? `${exemption.expired ? 'Expired' : 'Expires'} ${formatDate(
              exemption.expires,
            )}`
          : 'No expiry'}
      </Typography>
      {exemption.expired ? (
        <Typography variant="body2" color="error">
          This exemption has expired; the finding counts against the score again
          until the exemption is renewed or the issue fixed.
        </Typography>
      ) : null}
    </li>
  );
}

function ResourceCard(props: { resource: ResourcePosture }) {
  const { resource } = props;
  const groups = groupByCheck(resource.findings);
  const subheader = [
    resource.cluster,
    resource.isWorkload && resource.score !== undefined
      ? `score ${resource.score}/100`
      : undefined,
    `${resource.findings.length} finding${
      resource.findings.length === 1 ? '' : 's'
    }`,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Card variant="outlined" data-testid="resource-posture">
      <CardHeader
        avatar={
          resource.isWorkload && resource.grade ? (
            <GradeBadge grade={resource.grade} size="small" />
          ) : undefined
        }
        title={resourceLabel(resource.resource)}
        titleTypographyProps={{ variant: 'h6', component: 'h3' }}
        subheader={subheader}
      />
      <CardContent>
        {groups.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No open findings.
          </Typography>
        ) : (
          groups.map((g, i) => (
            <Fragment key={g.checkId}>
              {i > 0 ? <Divider /> : null}
              <CheckFindings checkId={g.checkId} findings={g.findings} />
            </Fragment>
          ))
        )}
        {resource.exempted.length > 0 ? (
          <Box mt={2} data-testid="exempted-findings">
            <Typography variant="subtitle1" component="h4">
              Exempted ({resource.exempted.length})
            </Typography>
            <ul>
              {resource.exempted.map((f, i) => (
                <ExemptedFinding key={i} finding={f} />
              ))}
            </ul>
          </Box>
        ) : null}
      </CardContent>
    </Card>
  );
}

function NoFindingsState(props: { posture: EntityPostureResponse }) {
  const { grade, score } = props.posture;
  return (
    <EmptyState
      missing="content"
      title="No findings"
      description={
        grade
          ? `Every check passed on this entity's workloads: grade ${grade}${
              score !== undefined ? ` (${score}/100)` : ''
            }.`
          : "Every check passed on this entity's workloads."
      }
      action={grade ? <GradeBadge grade={grade} /> : undefined}
    />
  );
}

/** The posture of one entity, as the backend answered it. */
export function PostureView(props: { posture: EntityPostureResponse }) {
  const { posture } = props;
  const hasWorkloads =
    posture.score !== undefined || posture.resources.some(r => r.isWorkload);
  const findingCount = posture.resources.reduce(
    (n, r) => n + r.findings.length,
    0,
  );
  const shown = sortResources(posture.resources).filter(
    r => r.findings.length > 0 || r.exempted.length > 0,
  );

  if (!hasWorkloads && shown.length === 0) {
    return (
      <>
        <SourceStatusAlert sources={posture.sources} />
        <NoWorkloadsEmptyState />
      </>
    );
  }

  return (
    <Grid container spacing={2} direction="column">
      <Grid item>
        <SourceStatusAlert sources={posture.sources} />
        <InfoCard title="Score">
          <PostureHeadline
            score={posture.score}
            grade={posture.grade}
            counts={posture.counts}
            trend={posture.trend}
            gradeTestId="posture-grade"
          />
        </InfoCard>
      </Grid>
      {findingCount === 0 ? (
        <Grid item>
          <NoFindingsState posture={posture} />
        </Grid>
      ) : null}
      {shown.map(r => (
        <Grid
          item
          key={`${r.cluster}/${r.resource.kind}/${r.resource.namespace ?? ''}/${
            r.resource.name
          }`}
        >
          <ResourceCard resource={r} />
        </Grid>
      ))}
    </Grid>
  );
}

/**
 * The Posture part of the Security tab: score and grade, findings by resource and check
 * with how to fix them, and exemptions. All backend text is rendered as text.
 */
export function PostureSection() {
  const { value, loading, error } = useEntityPosture();
  let body: JSX.Element | null;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!value) body = null;
  else body = <PostureView posture={value} />;
  return (
    <section aria-label="Posture">
      <SectionHeader
        title="Posture"
        description="How this entity's Kubernetes resources measure up against security and reliability checks"
      />
      {body}
    </section>
  );
}
