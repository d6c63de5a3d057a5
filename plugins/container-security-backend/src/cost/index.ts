// The cost area as other features see it.
export { setUpCost } from './setUpCost';
