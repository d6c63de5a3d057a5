import { Table, TableColumn } from '@backstage/core-components';
import { WorkloadSummary } from '@containersec/plugin-container-security-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { ImageRef, tableIcons } from '../TableParts';

// Digest-pinned image references are long: shortened, one line per container.
const useStyles = makeStyles(theme => ({
  container: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
  },
}));

const columns = (
  classes: ReturnType<typeof useStyles>,
): TableColumn<WorkloadSummary>[] => [
  { title: 'Workload', field: 'name', highlight: true },
  { title: 'Kind', field: 'kind' },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Cluster', field: 'cluster' },
  {
    title: 'Containers',
    render: w => (
      <>
        {w.containers.map(c => (
          <div
            key={`${c.type}/${c.name}`}
            className={classes.container}
            data-testid="workload-container"
          >
            <Chip
              size="small"
              variant={c.type === 'app' ? 'default' : 'outlined'}
              label={c.name}
            />
            <ImageRef image={c.image} />
          </div>
        ))}
      </>
    ),
  },
];

/** A table of workloads; all text is rendered as text, never as HTML. */
export function WorkloadsTable(props: {
  title: string;
  workloads: WorkloadSummary[];
  emptyContent?: JSX.Element;
}) {
  const classes = useStyles();
  return (
    <Table<WorkloadSummary>
      icons={tableIcons}
      title={props.title}
      options={{
        paging: props.workloads.length > 20,
        pageSize: 20,
        search: true,
        headerStyle: { whiteSpace: 'nowrap' },
        // A draggable header puts a focusable drag handle inside the sort button
        // (axe: nested-interactive).
        draggable: false,
      }}
      columns={columns(classes)}
      data={props.workloads}
      emptyContent={props.emptyContent}
    />
  );
}
