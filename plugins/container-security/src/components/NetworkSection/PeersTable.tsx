import { NetworkPeerView } from '@containersec/plugin-container-security-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { formatPorts } from './formatPorts';
import { useTableStyles } from '../TableParts';

/** A peer in words: `Deployment payments/payments-api`, `10.0.0.0/8`, … */
export function describePeer(peer: NetworkPeerView): string {
  switch (peer.type) {
    case 'workload':
      return `${peer.workloadKind ?? 'Workload'} ${peer.namespace}/${
        peer.name
      }`;
    case 'namespace':
      return `namespace ${peer.namespace}${
        peer.workloadCount !== undefined
          ? ` (${peer.workloadCount} workloads)`
          : ' (all pods)'
      }`;
    case 'cidr':
      return peer.cidr ?? peer.name ?? 'addresses';
    default:
      return 'anywhere (any address)';
  }
}

/**
 * A policy id (`<apiVersion>/<kind>/<namespace>/<name>`) in words, for policies of other
 * workloads that this answer does not list.
 */
export function policyLabelFromId(id: string): string {
  const parts = id.split('/');
  if (parts.length < 4) return id;
  const [kind, namespace, name] = parts.slice(-3);
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

const TYPE_LABELS: Record<NetworkPeerView['type'], string> = {
  workload: 'Workload',
  namespace: 'Namespace',
  cidr: 'Addresses',
  anywhere: 'Anywhere',
};

/** Peers with the ports they may use and the policies that allow them. */
export function PeersTable(props: {
  peers: NetworkPeerView[];
  emptyText: string;
  testId: string;
  policyNames?: Map<string, string>;
}) {
  const tables = useTableStyles();
  if (props.peers.length === 0) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid={props.testId}
      >
        {props.emptyText}
      </Typography>
    );
  }
  return (
    <Table size="small" data-testid={props.testId} className={tables.table}>
      <TableHead>
        <TableRow>
          <TableCell>Type</TableCell>
          <TableCell>Peer</TableCell>
          <TableCell>Ports</TableCell>
          <TableCell>Allowed by</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.peers.map(peer => (
          <TableRow key={peer.key}>
            <TableCell>{TYPE_LABELS[peer.type]}</TableCell>
            <TableCell>{describePeer(peer)}</TableCell>
            <TableCell>{formatPorts(peer.ports)}</TableCell>
            <TableCell>
              {peer.policies.length
                ? peer.policies
                    .map(
                      id => props.policyNames?.get(id) ?? policyLabelFromId(id),
                    )
                    .join(', ')
                : 'no policy (not isolated)'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
