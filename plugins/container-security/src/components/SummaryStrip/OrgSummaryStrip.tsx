import { parseEntityRef } from '@backstage/catalog-model';
import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { formatMoney } from '../CostCard/formatMoney';
import { useCostOverview } from '../../hooks/useCostOverview';
import {
  useOrgCriticalAlerts,
  useOrgRiskyEventCount,
  useOrgScorecards,
  worstFirst,
} from '../../hooks/useOrgSummary';
import { SummaryTile, SummaryTiles, tileStateOf } from './SummaryTile';

const nameOf = (entityRef: string, title?: string) => {
  if (title) return title;
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
};

/** Props of {@link OrgSummaryStrip}. */
export interface OrgSummaryStripProps {
  /** The path of a tab of the org-wide page, such as `/container-security/alerts`. */
  tabPath: (tab: string) => string;
}

/**
 * The estate at a glance for the security team: the worst services first, severe
 * alerts, services no NetworkPolicy isolates, risky AWS events and savings; each figure
 * loads on its own and links to the tab that explains it.
 */
export function OrgSummaryStrip(props: OrgSummaryStripProps) {
  const { tabPath } = props;
  const scorecards = useOrgScorecards();
  const alerts = useOrgCriticalAlerts();
  const risky = useOrgRiskyEventCount();
  const cost = useCostOverview();
  return (
    <SummaryTiles label="Estate summary">
      <SummaryTile
        label="Worst services"
        to={tabPath('scorecard')}
        testId="org-summary-worst"
        state={tileStateOf(scorecards, s => {
          const worst = worstFirst(s.entries).slice(0, 3);
          if (worst.length === 0) {
            return { status: 'empty', text: 'No service scored yet' };
          }
          const [first, ...rest] = worst;
          return {
            status: 'ready',
            value: `${nameOf(first.entityRef, first.title)} \u00b7 ${
              first.grade
            } ${first.score}`,
            detail: rest.length
              ? `then ${rest
                  .map(
                    e =>
                      `${nameOf(e.entityRef, e.title)} (${e.grade} ${e.score})`,
                  )
                  .join(', ')}`
              : undefined,
          };
        })}
      />
      <SummaryTile
        label="Critical+ alerts (7 days)"
        to={tabPath('alerts')}
        testId="org-summary-alerts"
        state={tileStateOf(alerts, a => ({
          status: 'ready',
          value: String(a.count),
          detail: `${a.previousCount} in the 7 days before`,
        }))}
      />
      <SummaryTile
        label="Services without a NetworkPolicy"
        to={tabPath('scorecard')}
        testId="org-summary-isolation"
        state={tileStateOf(scorecards, s => {
          const services = s.entries.filter(e => e.kind === 'Component');
          if (services.length === 0) {
            return { status: 'empty', text: 'No service scored yet' };
          }
          const open = services.filter(e =>
            e.failingChecks.includes(CHECK_IDS.networkPolicyMissing),
          );
          return {
            status: 'ready',
            value: `${open.length} of ${services.length}`,
            detail: open.length
              ? open.map(e => nameOf(e.entityRef, e.title)).join(', ')
              : 'Every service is selected by a policy',
          };
        })}
      />
      <SummaryTile
        label="Risky AWS events (7 days)"
        to={tabPath('risky-events')}
        testId="org-summary-risky"
        state={tileStateOf(risky, r => ({
          status: 'ready',
          value: `${r.count}${r.more ? '+' : ''}`,
          detail: `touching ${r.services} service${
            r.services === 1 ? '' : 's'
          }`,
        }))}
      />
      <SummaryTile
        label="Savings available"
        to={tabPath('cost')}
        testId="org-summary-cost"
        state={tileStateOf(cost, c => ({
          status: 'ready',
          value: `${formatMoney(c.totals.potentialSavings, c.currency)}/mo`,
          detail: `${c.totals.hintCount} cost hint${
            c.totals.hintCount === 1 ? '' : 's'
          }`,
        }))}
      />
    </SummaryTiles>
  );
}
