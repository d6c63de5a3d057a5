export { SecurityOverviewCard } from './SecurityOverviewCard';
