export { CostSection, hintLabel } from './CostSection';
