export { AlertsOverview } from './AlertsOverview';
