// The responders area as other features see it.
export { setUpResponders } from './setUpResponders';
