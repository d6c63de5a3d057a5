export { SourceStatusAlert } from './SourceStatusAlert';
