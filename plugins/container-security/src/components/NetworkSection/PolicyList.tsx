import { NetworkPolicyView } from '@containersec/plugin-container-security-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { SecurityPalette, useSecurityPalette } from '../../theme';

const useStyles = makeStyles(theme => ({
  yaml: {
    fontFamily: 'monospace',
    fontSize: 12,
    whiteSpace: 'pre',
    overflowX: 'auto',
    backgroundColor: theme.palette.background.default,
    padding: theme.spacing(1),
    margin: 0,
  },
  chips: { display: 'flex', gap: theme.spacing(0.5), flexWrap: 'wrap' },
}));

/** `k8s payments/payments-api`, `calico GlobalNetworkPolicy deny-all`, … */
export function policyTitle(p: NetworkPolicyView): string {
  const where = p.namespace ? `${p.namespace}/${p.name}` : p.name;
  return `${p.kind} ${where}`;
}

/** AdminNetworkPolicy and BaselineAdminNetworkPolicy: set by cluster admins, for every namespace. */
export function isGuardrail(p: NetworkPolicyView): boolean {
  return p.flavor === 'admin' || p.flavor === 'baseline-admin';
}

const FLAVOR_LABELS: Record<NetworkPolicyView['flavor'], string> = {
  kubernetes: 'Kubernetes',
  calico: 'Calico',
  // Evaluated before every namespaced policy, by priority.
  admin: 'cluster guardrail',
  // Evaluated after them, for pods no NetworkPolicy selects.
  'baseline-admin': 'cluster guardrail (baseline)',
};

function actionColor(palette: SecurityPalette, action: string): string {
  if (action === 'Allow') return palette.good;
  if (action === 'Deny') return palette.bad;
  if (action === 'Pass') return palette.accent;
  return palette.neutral;
}

/** The policies, each with its rules in words and its YAML behind an expander. */
export function PolicyList(props: {
  policies: NetworkPolicyView[];
  emptyText: string;
}) {
  const classes = useStyles();
  const palette = useSecurityPalette();
  if (props.policies.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.emptyText}
      </Typography>
    );
  }
  return (
    <div data-testid="network-policies">
      {props.policies.map(p => (
        <Accordion key={p.id} TransitionProps={{ unmountOnExit: true }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Box className={classes.chips} alignItems="center">
              <Typography variant="subtitle2">{policyTitle(p)}</Typography>
              <Chip
                size="small"
                label={FLAVOR_LABELS[p.flavor] ?? p.flavor}
                color={isGuardrail(p) ? 'secondary' : 'default'}
              />
              {p.tier && (
                <Chip
                  size="small"
                  variant="outlined"
                  label={`tier ${p.tier}`}
                />
              )}
              {p.order !== undefined && (
                <Chip
                  size="small"
                  variant="outlined"
                  label={`${p.flavor === 'admin' ? 'priority' : 'order'} ${
                    p.order
                  }`}
                />
              )}
              {p.directions.map(d => (
                <Chip key={d} size="small" variant="outlined" label={d} />
              ))}
            </Box>
          </AccordionSummary>
          <AccordionDetails>
            <Box width="100%">
              {p.rules.length === 0 ? (
                <Typography variant="body2">
                  No rules: selected pods get nothing in{' '}
                  {p.directions.join(' and ')} from this policy.
                </Typography>
              ) : (
                <ol>
                  {p.rules.map(r => (
                    <li key={`${r.direction}-${r.index}`}>
                      <Typography variant="body2" component="span">
                        <Chip
                          size="small"
                          label={r.action}
                          style={{
                            ...palette.chip(actionColor(palette, r.action)),
                            marginRight: 8,
                          }}
                        />
                        {r.direction}: {r.text}
                      </Typography>
                    </li>
                  ))}
                </ol>
              )}
              <Typography variant="overline">YAML</Typography>
              <pre className={classes.yaml}>{p.yaml}</pre>
            </Box>
          </AccordionDetails>
        </Accordion>
      ))}
    </div>
  );
}
