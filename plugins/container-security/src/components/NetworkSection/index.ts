export { NetworkSection, NetworkView } from './NetworkSection';
export { groupGraph, GRAPH_GROUPING_THRESHOLD } from './groupGraph';
