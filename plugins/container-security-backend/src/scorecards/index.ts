// The scorecards area as other features see it.
export { setUpScorecards } from './setUpScorecards';
