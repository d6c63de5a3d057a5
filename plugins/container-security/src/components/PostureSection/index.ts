export { PostureSection, PostureView } from './PostureSection';
export {
  GradeBadge,
  PostureHeadline,
  ScoreTrend,
  SeverityChip,
  SeverityCountChips,
} from './PostureSummary';
