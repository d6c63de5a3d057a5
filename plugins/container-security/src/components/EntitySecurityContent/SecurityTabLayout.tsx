import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { Suspense, useState } from 'react';
import {
  Link as RouterLink,
  Outlet,
  useLocation,
  useResolvedPath,
} from 'react-router-dom';
import { useEntityResponders } from '../../hooks/useResponders';
import { EntitySummaryStrip } from '../SummaryStrip';
import { SECURITY_AREAS } from './areas';
import { RescanButton } from './RescanButton';

/**
 * The path the tab is mounted at (`…/security` on an entity page), and the first segment
 * below it: the open area, or undefined on the tab's index.
 */
export function useTabLocation() {
  const base = useResolvedPath('.').pathname.replace(/\/+$/, '');
  const { pathname } = useLocation();
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : '';
  const area = rest.split('/').filter(Boolean)[0];
  return { base, area: area ? decodeURIComponent(area) : undefined };
}

/**
 * The frame of the Security tab: the summary strip, the Rescan action and the navigation
 * between areas, with the open area below. Only the open area's code and data load.
 */
export function SecurityTabLayout() {
  const { base, area } = useTabLocation();
  const responders = useEntityResponders();
  const hasResponders =
    !!responders.value &&
    (responders.value.enabled || responders.value.functions.length > 0);
  const areas = SECURITY_AREAS.filter(
    a => !a.needsResponders || hasResponders || a.path === area,
  );
  const selected = areas.find(a => a.path === area) ?? areas[0];
  // A scheduled rescan remounts the summary and the open area, which reloads them.
  const [generation, setGeneration] = useState(0);
  const pathOf = (path: string) => `${base}/${path}`;

  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        justifyContent="space-between"
        mb={1}
      >
        <Typography variant="h6" component="h2">
          Summary
        </Typography>
        <RescanButton onDone={() => setGeneration(g => g + 1)} />
      </Box>
      <EntitySummaryStrip key={`summary-${generation}`} areaPath={pathOf} />
      <Box mt={3} mb={2} borderBottom={1} borderColor="divider">
        <Tabs
          value={selected.path}
          variant="scrollable"
          scrollButtons="auto"
          indicatorColor="primary"
          textColor="primary"
          aria-label="Security areas"
        >
          {areas.map(a => (
            <Tab
              key={a.path}
              value={a.path}
              label={a.title}
              component={RouterLink}
              to={pathOf(a.path)}
              id={`security-area-tab-${a.path}`}
              aria-controls="security-area-panel"
              data-testid={`security-area-${a.path}`}
            />
          ))}
        </Tabs>
      </Box>
      <div
        role="tabpanel"
        id="security-area-panel"
        aria-labelledby={`security-area-tab-${selected.path}`}
        key={`area-${generation}`}
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
