export { LoadingOrUnavailable } from './LoadingOrUnavailable';
