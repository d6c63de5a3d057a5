export {
  OrgTabPage,
  SecurityOverviewPage,
  SecurityOverviewContent,
} from './SecurityOverviewPage';
export { WorkloadsContent } from './WorkloadsContent';
