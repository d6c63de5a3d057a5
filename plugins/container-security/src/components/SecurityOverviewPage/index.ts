export {
  SecurityOverviewPage,
  SecurityOverviewContent,
} from './SecurityOverviewPage';
