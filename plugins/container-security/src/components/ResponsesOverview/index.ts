export { ResponsesOverview } from './ResponsesOverview';
