import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import {
  NetworkGraphEdge,
  NetworkGraphNode,
} from '@containersec/plugin-container-security-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import { groupGraph } from './groupGraph';
import { orientGraph } from './orientGraph';
import { SecurityPalette, useSecurityPalette } from '../../theme';

function nodeColor(
  palette: SecurityPalette,
  type: NetworkGraphNode['type'],
): string {
  switch (type) {
    case 'service':
      return palette.severity.low;
    case 'workload':
      return palette.neutral;
    case 'namespace':
      return palette.accent;
    case 'cidr':
      return palette.severity.high;
    default:
      return palette.bad;
  }
}

const useStyles = makeStyles(theme => ({
  graph: {
    width: '100%',
    minHeight: 200,
    maxHeight: 640,
  },
  label: {
    fontSize: 12,
    fontFamily: theme.typography.fontFamily,
  },
}));

const MAX_LABEL = 40;
const shorten = (label: string) =>
  label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;

function Node(props: { node: NetworkGraphNode }) {
  const classes = useStyles();
  const palette = useSecurityPalette();
  const fill = nodeColor(palette, props.node.type);
  const label = shorten(props.node.label);
  // Sized from the text length, so layout needs no DOM measuring; 8 px a character is
  // the widest average of the 12 px UI font, so a label is never clipped by its box.
  const width = label.length * 8 + 32;
  const height = 30;
  return (
    <g data-testid={`network-node-${props.node.type}`}>
      <title>{props.node.label}</title>
      <rect width={width} height={height} rx={6} fill={fill} />
      <text
        className={classes.label}
        fill={palette.textOn(fill)}
        x={width / 2}
        y={height / 2}
        textAnchor="middle"
        dominantBaseline="middle"
      >
        {label}
      </text>
    </g>
  );
}

/**
 * The allowed flows around the service, left to right: those who can connect to it on
 * the left, the service, those it can connect to on the right.
 */
export function NetworkGraph(props: {
  graph: { nodes: NetworkGraphNode[]; edges: NetworkGraphEdge[] };
}) {
  const classes = useStyles();
  const { nodes, edges, grouped } = useMemo(
    () => groupGraph(orientGraph(props.graph)),
    [props.graph],
  );
  if (nodes.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No flows to show.
      </Typography>
    );
  }
  return (
    <>
      {grouped && (
        <Typography variant="caption" color="textSecondary">
          Workloads are grouped by namespace to keep the graph readable; the
          tables list each one.
        </Typography>
      )}
      <DependencyGraph<NetworkGraphNode, NetworkGraphEdge>
        className={classes.graph}
        data-testid="network-graph"
        nodes={nodes}
        edges={edges}
        direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
        renderNode={({ node }) => <Node node={node} />}
        labelPosition={DependencyGraphTypes.LabelPosition.CENTER}
        zoom="enable-on-click"
        rankMargin={80}
        nodeMargin={16}
        // Room for edge labels at the graph's edges, which would otherwise be cut off.
        paddingX={48}
        paddingY={24}
      />
    </>
  );
}
