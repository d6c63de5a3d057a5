// The network area as other features see it.
export { setUpNetwork } from './setUpNetwork';
