import { Table, TableColumn } from '@backstage/core-components';
import { WorkloadSummary } from '@containersec/plugin-container-security-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

// Digest-pinned image references are long; they wrap instead of widening the page.
const useStyles = makeStyles({
  chip: { maxWidth: '100%', height: 'auto', margin: 2 },
  label: { whiteSpace: 'normal', wordBreak: 'break-all' },
});

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
          <Chip
            key={`${c.type}/${c.name}`}
            classes={{ root: classes.chip, label: classes.label }}
            size="small"
            variant={c.type === 'app' ? 'default' : 'outlined'}
            label={`${c.name}: ${c.image}`}
          />
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
      title={props.title}
      options={{
        paging: props.workloads.length > 20,
        pageSize: 20,
        search: true,
      }}
      columns={columns(classes)}
      data={props.workloads}
      emptyContent={props.emptyContent}
    />
  );
}
