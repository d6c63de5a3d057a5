export {
  SecurityOverviewPage,
  SecurityOverviewContent,
  WorkloadsContent,
} from './SecurityOverviewPage';
