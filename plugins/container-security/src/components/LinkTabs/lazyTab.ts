import { ComponentType, lazy } from 'react';

/** A tab of {@link LinkTabs} with the code of its panel. */
export interface LazyTab {
  path: string;
  title: string;
  /** Loaded when the tab is first opened, so the page's first paint carries none of it. */
  Component: ComponentType;
}

/** A tab whose panel's code is loaded by `load` when the tab is first opened. */
export function lazyTab(
  path: string,
  title: string,
  load: () => Promise<ComponentType>,
): LazyTab {
  const Component = lazy(() =>
    load().then(component => ({ default: component })),
  );
  return { path, title, Component };
}
