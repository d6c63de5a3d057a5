export { ResponseSection } from './ResponseSection';
export { ActionsTable, type ActionsTableProps } from './ActionsTable';
export { ApprovalButtons } from './ApprovalButtons';
