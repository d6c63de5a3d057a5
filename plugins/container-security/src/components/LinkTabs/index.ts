export { LinkTabs } from './LinkTabs';
export type { LinkTabsProps } from './LinkTabs';
