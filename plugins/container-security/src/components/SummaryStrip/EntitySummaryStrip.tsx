import { DateTime } from 'luxon';
import { formatMoney } from '../CostCard/formatMoney';
import { useEntityCost } from '../../hooks/useEntityCost';
import { useEntityNetwork } from '../../hooks/useEntityNetwork';
import { useEntityOpenAlerts } from '../../hooks/useEntityOpenAlerts';
import { useEntityPosture } from '../../hooks/useEntityPosture';
import { useEntityRiskyAuditCount } from '../../hooks/useEntityRiskyAuditCount';
import { useEntityVulnerabilities } from '../../hooks/useEntityVulnerabilities';
import { SummaryTile, SummaryTiles, tileStateOf } from './SummaryTile';
import { describeScoreChange, weeklyScoreChange } from './trend';

const count = (n: number, more: boolean) => `${n}${more ? '+' : ''}`;

function PostureTile(props: { to: string }) {
  const posture = useEntityPosture();
  return (
    <SummaryTile
      label="Posture"
      to={props.to}
      testId="summary-posture"
      state={tileStateOf(posture, p => {
        if (p.score === undefined || !p.grade) {
          return { status: 'empty', text: 'No workload scored yet' };
        }
        const change = weeklyScoreChange(p.trend);
        return {
          status: 'ready',
          value: `${p.grade} \u00b7 ${p.score}/100`,
          detail: change ? describeScoreChange(change) : 'No trend yet',
        };
      })}
    />
  );
}

function AlertsTile(props: { to: string }) {
  const alerts = useEntityOpenAlerts();
  return (
    <SummaryTile
      label="Open alerts"
      to={props.to}
      testId="summary-alerts"
      state={tileStateOf(alerts, a => {
        if (a.total === 0) {
          return { status: 'ready', value: '0', detail: 'No open alert' };
        }
        const priorities = a.byPriority
          .map(p => `${p.count} ${p.priority}`)
          .join(' \u00b7 ');
        const newest = a.newest
          ? `newest: ${a.newest.rule}, ${
              DateTime.fromISO(a.newest.time).toRelative() ?? a.newest.time
            }`
          : '';
        return {
          status: 'ready',
          value: count(a.total, a.more),
          detail: [priorities, newest].filter(Boolean).join('; '),
        };
      })}
    />
  );
}

function IsolationTile(props: { to: string }) {
  const network = useEntityNetwork();
  const word = (isolated: boolean) => (isolated ? 'isolated' : 'open');
  return (
    <SummaryTile
      label="Network isolation"
      to={props.to}
      testId="summary-network"
      state={tileStateOf(network, n => {
        if (n.workloads.length === 0) {
          return { status: 'empty', text: 'No workload to isolate' };
        }
        const { ingress, egress } = n.isolation;
        let value = 'Partly isolated';
        if (ingress.isolated && egress.isolated) value = 'Isolated';
        else if (!ingress.isolated && !egress.isolated) value = 'Not isolated';
        return {
          status: 'ready',
          value,
          detail: `Ingress ${word(ingress.isolated)} \u00b7 Egress ${word(
            egress.isolated,
          )}`,
        };
      })}
    />
  );
}

function AuditTile(props: { to: string }) {
  const audit = useEntityRiskyAuditCount();
  return (
    <SummaryTile
      label="Risky AWS events (7 days)"
      to={props.to}
      testId="summary-audit"
      state={tileStateOf(audit, a => {
        if (!a.hasAwsResources) {
          return { status: 'empty', text: 'No AWS resources annotated' };
        }
        return {
          status: 'ready',
          value: count(a.count, a.more),
          detail: a.newest
            ? `newest: ${a.newest.eventName}`
            : 'None in the last 7 days',
        };
      })}
    />
  );
}

function SavingsTile(props: { to: string }) {
  const cost = useEntityCost();
  return (
    <SummaryTile
      label="Savings available"
      to={props.to}
      testId="summary-cost"
      state={tileStateOf(cost, c => {
        if (c.workloads.length === 0) {
          return { status: 'empty', text: 'No usage metrics yet' };
        }
        const hints = c.hints.filter(h => h.monthlySavings > 0).length;
        return {
          status: 'ready',
          value: `${formatMoney(c.potentialSavings, c.currency)}/mo`,
          detail: `${hints} cost hint${hints === 1 ? '' : 's'}`,
        };
      })}
    />
  );
}

function VulnerabilitiesTile(props: { to: string }) {
  const vulnerabilities = useEntityVulnerabilities();
  return (
    <SummaryTile
      label="Critical / high CVEs"
      to={props.to}
      testId="summary-vulnerabilities"
      state={tileStateOf(vulnerabilities, v => {
        if (v.images.length === 0) {
          return { status: 'empty', text: 'No images found' };
        }
        const scanned = v.images.filter(i => i.report).length;
        const coverage = `${scanned} of ${v.images.length} image${
          v.images.length === 1 ? '' : 's'
        } scanned`;
        // Zero of nothing scanned is not "clean": say it was not scanned.
        if (scanned === 0) {
          return { status: 'ready', value: 'Not scanned', detail: coverage };
        }
        return {
          status: 'ready',
          value: `${v.totals.critical} / ${v.totals.high}`,
          detail: coverage,
        };
      })}
    />
  );
}

/** Props of {@link EntitySummaryStrip}. */
export interface EntitySummaryStripProps {
  /** The path of an area of the Security tab, such as `…/security/alerts`. */
  areaPath: (area: string) => string;
}

/**
 * "Is this service OK?" in one glance: posture, open alerts, isolation, risky AWS
 * events, savings and vulnerabilities, each loading on its own and linking to its area.
 */
export function EntitySummaryStrip(props: EntitySummaryStripProps) {
  const { areaPath } = props;
  return (
    <SummaryTiles label="Security summary">
      <PostureTile to={areaPath('posture')} />
      <AlertsTile to={areaPath('alerts')} />
      <VulnerabilitiesTile to={areaPath('vulnerabilities')} />
      <IsolationTile to={areaPath('network')} />
      <AuditTile to={areaPath('audit')} />
      <SavingsTile to={areaPath('cost')} />
    </SummaryTiles>
  );
}
