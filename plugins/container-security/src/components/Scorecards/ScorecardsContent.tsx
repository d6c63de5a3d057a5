import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import {
  ScorecardEntry,
  ScorecardGroup,
  ScorecardsResponse,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useEffect, useMemo, useState } from 'react';
import { ScorecardFilter } from '../../api/ContainerSecurityApi';
import { useScorecards } from '../../hooks/useScorecards';
import { GradeBadge } from '../PostureSection/PostureSummary';
import { downloadText, scorecardsToCsv } from './csv';
import {
  CampaignView,
  CompactCounts,
  GradeDistributionBar,
  LevelsList,
  RiskCell,
  RiskMatrix,
  ScoreDelta,
  TopFailingChecks,
} from './widgets';
import { tableIcons } from '../TableParts';
import { useFieldLabelStyles } from '../../theme';

/** `payments-team` for `group:default/payments-team` (kind and namespace when not default). */
export function shortRef(ref: string, defaultKind?: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), {
      defaultKind,
      defaultNamespace: 'default',
    });
  } catch {
    return ref;
  }
}

type FilterKey = 'owner' | 'system' | 'domain';
type GroupBy = 'none' | 'owner' | 'system';

const FILTERS: Array<{ key: FilterKey; label: string; kind: string }> = [
  { key: 'owner', label: 'Owner', kind: 'group' },
  { key: 'system', label: 'System', kind: 'system' },
  { key: 'domain', label: 'Domain', kind: 'domain' },
];

type Options = Record<FilterKey, string[]>;

/** Every owner, system and domain seen so far, so a filter does not hide the others. */
function mergeOptions(previous: Options, value: ScorecardsResponse): Options {
  const next: Options = { owner: [], system: [], domain: [] };
  for (const { key } of FILTERS) {
    const refs = new Set(previous[key]);
    for (const g of value.groups[key]) refs.add(g.ref);
    for (const e of value.entries) {
      const ref = e[key];
      if (ref) refs.add(ref);
    }
    next[key] = [...refs].sort();
  }
  return next;
}

/** An entity link with the entity's title (the catalog's presentation), not its raw ref. */
function RefCell(props: { entityRef?: string; defaultKind: string }) {
  if (!props.entityRef) return <>—</>;
  return (
    <EntityRefLink
      entityRef={props.entityRef}
      defaultKind={props.defaultKind}
      hideIcon
    />
  );
}

const groupCell = (value: unknown, defaultKind: string) =>
  typeof value === 'string' && value ? shortRef(value, defaultKind) : 'None';

function entryColumns(groupBy: GroupBy): TableColumn<ScorecardEntry>[] {
  return [
    {
      title: 'Entity',
      field: 'title',
      highlight: true,
      customSort: (a, b) =>
        (a.title ?? a.entityRef).localeCompare(b.title ?? b.entityRef),
      render: e => (
        <EntityRefLink entityRef={e.entityRef} hideIcon>
          {e.title ?? shortRef(e.entityRef, 'component')}
        </EntityRefLink>
      ),
    },
    {
      title: 'Grade',
      field: 'grade',
      width: '80px',
      render: e => <GradeBadge grade={e.grade} size="small" />,
    },
    {
      title: 'Score',
      field: 'score',
      type: 'numeric',
      defaultSort: 'asc',
      render: e => (
        <ScoreDelta score={e.score} previousScore={e.previousScore} />
      ),
    },
    { title: 'Level', field: 'level', render: e => e.level ?? '—' },
    {
      title: 'Owner',
      field: 'owner',
      defaultGroupOrder: groupBy === 'owner' ? 0 : undefined,
      render: (e, type) =>
        type === 'group' ? (
          groupCell(e, 'group')
        ) : (
          <RefCell entityRef={e.owner} defaultKind="group" />
        ),
    },
    {
      title: 'System',
      field: 'system',
      defaultGroupOrder: groupBy === 'system' ? 0 : undefined,
      render: (e, type) =>
        type === 'group' ? (
          groupCell(e, 'system')
        ) : (
          <RefCell entityRef={e.system} defaultKind="system" />
        ),
    },
    {
      title: 'Findings (C/H/M/L/I)',
      field: 'counts.critical',
      customSort: (a, b) =>
        a.counts.critical - b.counts.critical || a.counts.high - b.counts.high,
      render: e => <CompactCounts counts={e.counts} />,
    },
    { title: 'Workloads', field: 'workloadCount', type: 'numeric' },
  ];
}

function groupColumns(defaultKind: string): TableColumn<ScorecardGroup>[] {
  return [
    {
      title: 'Name',
      field: 'ref',
      highlight: true,
      render: g => <RefCell entityRef={g.ref} defaultKind={defaultKind} />,
    },
    {
      title: 'Grade',
      field: 'grade',
      render: g => <GradeBadge grade={g.grade} size="small" />,
    },
    { title: 'Score', field: 'score', type: 'numeric', defaultSort: 'asc' },
    { title: 'Entities', field: 'entityCount', type: 'numeric' },
  ];
}

function RollupTable(props: {
  title: string;
  groups: ScorecardGroup[];
  defaultKind: string;
  testId: string;
}) {
  return (
    <div data-testid={props.testId}>
      <Table<ScorecardGroup>
        icons={tableIcons}
        title={props.title}
        options={{
          paging: props.groups.length > 10,
          pageSize: 10,
          search: false,
          padding: 'dense',
          // A draggable header puts a focusable drag handle inside the sort button
          // (axe: nested-interactive).
          draggable: false,
        }}
        columns={groupColumns(props.defaultKind)}
        data={props.groups}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2" color="textSecondary">
              Nothing to roll up
            </Typography>
          </Box>
        }
      />
    </div>
  );
}

function FilterSelect(props: {
  id: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  allLabel: string;
  onChange: (value: string) => void;
}) {
  const classes = useFieldLabelStyles();
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 200 }}>
      <InputLabel id={`${props.id}-label`} className={classes.label}>
        {props.label}
      </InputLabel>
      <Select
        labelId={`${props.id}-label`}
        id={props.id}
        data-testid={props.id}
        label={props.label}
        value={props.value}
        onChange={e => props.onChange(String(e.target.value))}
      >
        <MenuItem value="">{props.allLabel}</MenuItem>
        {props.options.map(o => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

const riskLabel = (cell: RiskCell) =>
  `${cell.likelihood} likelihood × ${cell.impact} impact`;

/** The org-wide scorecard: filters, charts, every entry, roll-ups, levels, campaigns. */
export function ScorecardsContent() {
  const labels = useFieldLabelStyles();
  const [filter, setFilter] = useState<Record<FilterKey, string>>({
    owner: '',
    system: '',
    domain: '',
  });
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const [risk, setRisk] = useState<RiskCell | undefined>();
  const [options, setOptions] = useState<Options>({
    owner: [],
    system: [],
    domain: [],
  });
  const query: ScorecardFilter = useMemo(
    () => ({
      owner: filter.owner || undefined,
      system: filter.system || undefined,
      domain: filter.domain || undefined,
    }),
    [filter],
  );
  const { value, loading, error, retry } = useScorecards(query);

  useEffect(() => {
    if (value) setOptions(previous => mergeOptions(previous, value));
  }, [value]);

  const entries = useMemo(() => value?.entries ?? [], [value]);
  const shown = useMemo(
    () =>
      risk
        ? entries.filter(
            e =>
              e.risk.likelihood === risk.likelihood &&
              e.risk.impact === risk.impact,
          )
        : entries,
    [entries, risk],
  );
  const columns = useMemo(() => entryColumns(groupBy), [groupBy]);
  const filtered = Boolean(filter.owner || filter.system || filter.domain);

  if (!value && loading) return <Progress />;

  const setFilterValue = (key: FilterKey, v: string) => {
    setRisk(undefined);
    setFilter(previous => ({ ...previous, [key]: v }));
  };

  const exportCsv = () => {
    const stamp = new Date().toISOString().slice(0, 10);
    downloadText(scorecardsToCsv(shown), `security-scorecards-${stamp}.csv`);
  };

  const toolbar = (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 16 }}
      mb={2}
      data-testid="scorecard-filters"
    >
      {FILTERS.map(f => (
        <FilterSelect
          key={f.key}
          id={`scorecard-filter-${f.key}`}
          label={f.label}
          allLabel={`All ${f.label.toLowerCase()}s`}
          value={filter[f.key]}
          options={[
            ...new Set(
              [...options[f.key], filter[f.key]].filter(Boolean) as string[],
            ),
          ]
            .sort()
            .map(ref => ({ value: ref, label: shortRef(ref, f.kind) }))}
          onChange={v => setFilterValue(f.key, v)}
        />
      ))}
      <FormControl variant="outlined" size="small" style={{ minWidth: 160 }}>
        <InputLabel id="scorecard-group-by-label" className={labels.label}>
          Group by
        </InputLabel>
        <Select
          labelId="scorecard-group-by-label"
          id="scorecard-group-by"
          data-testid="scorecard-group-by"
          label="Group by"
          value={groupBy}
          onChange={e => setGroupBy(e.target.value as GroupBy)}
        >
          <MenuItem value="none">Nothing</MenuItem>
          <MenuItem value="owner">Owner</MenuItem>
          <MenuItem value="system">System</MenuItem>
        </Select>
      </FormControl>
      <Box flexGrow={1} />
      <Button
        variant="outlined"
        color="primary"
        startIcon={<GetAppIcon />}
        onClick={exportCsv}
        disabled={!value || shown.length === 0}
        data-testid="csv-export"
      >
        Export CSV ({shown.length})
      </Button>
    </Box>
  );

  if (error) {
    return (
      <>
        {toolbar}
        <ResponseErrorPanel error={error} />
        <Box mt={1}>
          <Button onClick={retry}>Try again</Button>
        </Box>
      </>
    );
  }

  if (!value) return null;

  if (entries.length === 0 && !filtered) {
    return (
      <EmptyState
        missing="data"
        title="No scorecards yet"
        description="The first snapshot is taken after the first sync."
      />
    );
  }

  return (
    <>
      {toolbar}
      {loading ? <LinearProgress data-testid="scorecards-loading" /> : null}
      <Grid container spacing={3}>
        <Grid item xs={12} md={4}>
          <InfoCard title="Grade distribution">
            <GradeDistributionBar distribution={value.gradeDistribution} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={4}>
          <InfoCard
            title="Risk"
            subheader="Likelihood from the posture, impact from the catalog; click a cell to filter"
          >
            <RiskMatrix entries={entries} selected={risk} onSelect={setRisk} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={4}>
          <InfoCard title="Most common failing checks">
            <TopFailingChecks checks={value.topFailingChecks} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          {risk ? (
            <Box mb={1} display="flex" alignItems="center" style={{ gap: 8 }}>
              <Typography variant="body2" data-testid="risk-filter">
                Showing {riskLabel(risk)}
              </Typography>
              <Button size="small" onClick={() => setRisk(undefined)}>
                Clear
              </Button>
            </Box>
          ) : null}
          <div data-testid="scorecard-table">
            <Table<ScorecardEntry>
              icons={tableIcons}
              key={groupBy}
              title={`Scorecards (${shown.length})`}
              options={{
                paging: shown.length > 20,
                pageSize: 20,
                pageSizeOptions: [20, 50, 100],
                padding: 'dense',
                grouping: groupBy !== 'none',
                draggable: false,
              }}
              columns={columns}
              data={shown}
              emptyContent={
                <Box p={2}>
                  <Typography variant="body2" color="textSecondary">
                    No entities match these filters
                  </Typography>
                </Box>
              }
            />
          </div>
        </Grid>
        <Grid item xs={12} md={4}>
          <RollupTable
            title="By owner"
            groups={value.groups.owner}
            defaultKind="group"
            testId="rollup-owner"
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <RollupTable
            title="By system"
            groups={value.groups.system}
            defaultKind="system"
            testId="rollup-system"
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <RollupTable
            title="By domain"
            groups={value.groups.domain}
            defaultKind="domain"
            testId="rollup-domain"
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <InfoCard title="Levels" subheader="Entities per level">
            <LevelsList levels={value.levels} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={8}>
          <InfoCard title="Campaigns">
            {value.campaigns.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                No campaigns configured
              </Typography>
            ) : (
              <div data-testid="campaigns">
                {value.campaigns.map(c => (
                  <CampaignView key={c.id} campaign={c} />
                ))}
              </div>
            )}
          </InfoCard>
        </Grid>
      </Grid>
    </>
  );
}
