export { CostCard, CostSummary, NoCostDataEmptyState } from './CostCard';
export { formatMoney } from './formatMoney';
