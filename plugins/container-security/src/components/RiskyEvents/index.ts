export { RiskyEvents } from './RiskyEvents';
