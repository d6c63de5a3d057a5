import { Table, TableColumn } from '@backstage/core-components';
import { WorkloadSummary } from '@containersec/plugin-container-security-common';
import Chip from '@material-ui/core/Chip';

const columns: TableColumn<WorkloadSummary>[] = [
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
  return (
    <Table<WorkloadSummary>
      title={props.title}
      options={{
        paging: props.workloads.length > 20,
        pageSize: 20,
        search: true,
      }}
      columns={columns}
      data={props.workloads}
      emptyContent={props.emptyContent}
    />
  );
}
