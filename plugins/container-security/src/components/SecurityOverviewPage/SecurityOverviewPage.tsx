import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { ReactNode, Suspense } from 'react';
import {
  Navigate,
  Route,
  Routes,
  useLocation,
  useSearchParams,
} from 'react-router-dom';
import { OrgSummaryStrip } from '../SummaryStrip';
import { ORG_TABS } from './orgTabs';
import { LinkTabs } from '../LinkTabs';

/**
 * Where the page is mounted and which tab is open, from the URL: the page's own path is
 * whatever precedes a tab's segment (apps choose the mount path).
 */
export function useOrgPageLocation() {
  const { pathname } = useLocation();
  const segments = pathname.replace(/\/+$/, '').split('/');
  const index = segments.findIndex(s => ORG_TABS.some(t => t.path === s));
  if (index < 0) return { base: segments.join('/'), tab: undefined };
  return {
    base: segments.slice(0, index).join('/'),
    tab: segments[index],
  };
}

function OrgSummary() {
  const { base } = useOrgPageLocation();
  return (
    <Box mb={3}>
      <OrgSummaryStrip tabPath={tab => `${base}/${tab}`} />
    </Box>
  );
}

/** One tab's content under the estate summary, as the new frontend system's sub-pages show it. */
export function OrgTabPage(props: { tab: string }) {
  const tab = ORG_TABS.find(t => t.path === props.tab) ?? ORG_TABS[0];
  return (
    <Content>
      <OrgSummary />
      {/* A table wider than the window scrolls here, not the whole page. */}
      <div style={{ overflowX: 'auto' }}>
        <Suspense fallback={<Progress />}>
          <tab.Component />
        </Suspense>
      </div>
    </Content>
  );
}

function OrgTabsLayout() {
  const { base, tab } = useOrgPageLocation();
  const selected = ORG_TABS.find(t => t.path === tab) ?? ORG_TABS[0];
  return (
    <>
      <OrgSummary />
      <LinkTabs
        tabs={ORG_TABS}
        selected={selected.path}
        hrefOf={path => `${base}/${path}`}
        label="Security views"
        idPrefix="security"
        testIdPrefix="security-tab"
      />
    </>
  );
}

/** `?tab=<id>` links from before the tabs had paths still land on their tab. */
function IndexTab(props: { children: ReactNode }) {
  const [searchParams] = useSearchParams();
  const legacy = searchParams.get('tab');
  if (legacy && ORG_TABS.some(t => t.path === legacy)) {
    return <Navigate to={legacy} replace />;
  }
  return <>{props.children}</>;
}

const DefaultTab = ORG_TABS[0].Component;

/**
 * The org-wide content, without the page chrome: the estate summary, then one route
 * per tab (`scorecard`, the default, `workloads`, `alerts`, `risky-events`, `cost`,
 * `responses`) below wherever the page is mounted.
 */
export function SecurityOverviewContent() {
  return (
    <Routes>
      <Route element={<OrgTabsLayout />}>
        <Route
          index
          element={
            <IndexTab>
              <DefaultTab />
            </IndexTab>
          }
        />
        {ORG_TABS.map(t => (
          <Route key={t.path} path={`${t.path}/*`} element={<t.Component />} />
        ))}
        <Route
          path="*"
          element={
            <EmptyState
              missing="info"
              title="No such view"
              description="This part of the Security page does not exist; choose a tab above."
            />
          }
        />
      </Route>
    </Routes>
  );
}

/**
 * The org-wide Security page.
 *
 * @public
 */
export function SecurityOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Security"
        subtitle="Container security across every service"
      />
      <Content>
        <SecurityOverviewContent />
      </Content>
    </Page>
  );
}
