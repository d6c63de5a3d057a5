import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { Suspense } from 'react';
import { Link as RouterLink, Outlet } from 'react-router-dom';

/** Props of {@link LinkTabs}. */
export interface LinkTabsProps {
  /** The tabs, each a route below the page: `path` is its last segment. */
  tabs: ReadonlyArray<{ path: string; title: string }>;
  selected: string;
  /** The link of a tab. */
  hrefOf: (path: string) => string;
  /** Names the tab list for assistive technology. */
  label: string;
  /** Prefix of the tabs' ids (`<prefix>-tab-<path>`) and the panel's (`<prefix>-panel`). */
  idPrefix: string;
  /** Prefix of the tabs' test ids (`<prefix>-<path>`); the id prefix by default. */
  testIdPrefix?: string;
  /** Remounts the panel when it changes (after a rescan, say). */
  panelKey?: string;
  /** Spacing above the tabs (theme units). */
  mt?: number;
}

/**
 * Tabs that are links to nested routes, with the routed element in their panel: each
 * tab is deep-linkable and survives a reload, and only the open one loads.
 */
export function LinkTabs(props: LinkTabsProps) {
  const { idPrefix } = props;
  return (
    <>
      <Box
        mt={props.mt}
        mb={props.mt ? 2 : 3}
        borderBottom={1}
        borderColor="divider"
      >
        <Tabs
          value={props.selected}
          variant="scrollable"
          scrollButtons="auto"
          indicatorColor="primary"
          textColor="primary"
          aria-label={props.label}
        >
          {props.tabs.map(t => (
            <Tab
              key={t.path}
              value={t.path}
              label={t.title}
              component={RouterLink}
              to={props.hrefOf(t.path)}
              id={`${idPrefix}-tab-${t.path}`}
              aria-controls={`${idPrefix}-panel`}
              data-testid={`${props.testIdPrefix ?? idPrefix}-${t.path}`}
            />
          ))}
        </Tabs>
      </Box>
      <div
        role="tabpanel"
        id={`${idPrefix}-panel`}
        aria-labelledby={`${idPrefix}-tab-${props.selected}`}
        key={props.panelKey}
        // A table wider than the window scrolls here, not the whole page.
        style={{ overflowX: 'auto' }}
      >
        <Suspense fallback={<Progress />}>
          <Outlet />
        </Suspense>
      </div>
    </>
  );
}
