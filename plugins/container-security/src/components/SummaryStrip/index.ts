export { EntitySummaryStrip } from './EntitySummaryStrip';
export { OrgSummaryStrip } from './OrgSummaryStrip';
export { SummaryTile, SummaryTiles } from './SummaryTile';
