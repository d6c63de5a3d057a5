export { LinkTabs } from './LinkTabs';
export type { LinkTabsProps } from './LinkTabs';
export { lazyTab } from './lazyTab';
export type { LazyTab } from './lazyTab';
