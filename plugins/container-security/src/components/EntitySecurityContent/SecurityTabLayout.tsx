import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useLocation, useResolvedPath } from 'react-router-dom';
import { useEntityResponders } from '../../hooks/useResponders';
import { EntitySummaryStrip } from '../SummaryStrip';
import { LinkTabs } from '../LinkTabs';
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
      <LinkTabs
        tabs={areas}
        selected={selected.path}
        hrefOf={pathOf}
        label="Security areas"
        idPrefix="security-area"
        panelKey={`area-${generation}`}
        mt={3}
      />
    </>
  );
}
