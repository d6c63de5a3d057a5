import { ResponseErrorPanel } from '@backstage/core-components';
import {
  NetworkPeerDelta,
  NetworkWhatIfResponse,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { ChangeEvent, useState } from 'react';
import { useEntityNetworkWhatIf } from '../../hooks/useEntityNetworkWhatIf';
import { formatPorts } from './formatPorts';
import { describePeer } from './PeersTable';
import { PolicyList } from './PolicyList';
import { useSecurityPalette } from '../../theme';

/** The backend's limit; larger pastes are refused before sending. */
export const WHAT_IF_MAX_CHARS = 256 * 1024;

/** The file's text (FileReader, which every browser and jsdom implement). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

function DeltaList(props: {
  title: string;
  delta: NetworkPeerDelta;
  testId: string;
}) {
  const { added, removed, changed } = props.delta;
  const palette = useSecurityPalette();
  const none = !added.length && !removed.length && !changed.length;
  return (
    <Box data-testid={props.testId}>
      <Typography variant="subtitle2">{props.title}</Typography>
      {none ? (
        <Typography variant="body2" color="textSecondary">
          No change.
        </Typography>
      ) : (
        <ul>
          {added.map(p => (
            <li key={`+${p.key}`}>
              <Typography variant="body2" style={{ color: palette.bad }}>
                + gained: {describePeer(p)} ({formatPorts(p.ports)})
              </Typography>
            </li>
          ))}
          {removed.map(p => (
            <li key={`-${p.key}`}>
              <Typography variant="body2" style={{ color: palette.good }}>
                − lost: {describePeer(p)} ({formatPorts(p.ports)})
              </Typography>
            </li>
          ))}
          {changed.map(p => (
            <li key={`~${p.key}`}>
              <Typography variant="body2">
                ~ changed: {describePeer(p)} ({formatPorts(p.previousPorts)} →{' '}
                {formatPorts(p.ports)})
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

function WhatIfResult(props: { result: NetworkWhatIfResponse }) {
  const { result } = props;
  const isolation = (d: 'ingress' | 'egress') => {
    const before = result.isolation.before[d].isolated;
    const after = result.isolation.after[d].isolated;
    const word = (b: boolean) => (b ? 'isolated' : 'not isolated');
    return before === after
      ? `${d}: ${word(after)} (unchanged)`
      : `${d}: ${word(before)} → ${word(after)}`;
  };
  return (
    <Box data-testid="network-what-if-result" mt={2}>
      {!result.selectsService && (
        <Alert severity="warning">
          The pasted policy does not select this service&apos;s pods for what it
          allows them; it can still change whom they reach through the other
          side of a flow.
        </Alert>
      )}
      {result.replaces.length > 0 && (
        <Typography variant="body2">
          Replaces the existing {result.replaces.join(', ')}.
        </Typography>
      )}
      <Typography variant="body2">
        {isolation('ingress')}; {isolation('egress')}
      </Typography>
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <DeltaList
            title="Who can reach this service"
            delta={result.reachableFrom}
            testId="network-what-if-from"
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <DeltaList
            title="Whom this service can reach"
            delta={result.reachableTo}
            testId="network-what-if-to"
          />
        </Grid>
      </Grid>
      {(result.findings.added.length > 0 ||
        result.findings.removed.length > 0) && (
        <ul>
          {result.findings.added.map((f, i) => (
            <li key={`fa${i}`}>
              <Typography variant="body2">new finding: {f.message}</Typography>
            </li>
          ))}
          {result.findings.removed.map((f, i) => (
            <li key={`fr${i}`}>
              <Typography variant="body2">resolved: {f.message}</Typography>
            </li>
          ))}
        </ul>
      )}
      <PolicyList policies={result.policies} emptyText="" />
    </Box>
  );
}

/**
 * Paste or upload a policy and see what it would change in the service's exposure,
 * like a Calico staged policy: nothing is sent to any cluster.
 */
export function WhatIfPanel() {
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState<string>();
  const [state, preview] = useEntityNetworkWhatIf();
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > WHAT_IF_MAX_CHARS) {
      setFileError(`${file.name} is larger than 256 KiB`);
      return;
    }
    setFileError(undefined);
    try {
      setText(await readText(file));
    } catch {
      setFileError(`${file.name} could not be read`);
    }
  };
  const tooLarge = text.length > WHAT_IF_MAX_CHARS;
  return (
    <Box data-testid="network-what-if">
      <Alert severity="info">
        What-if: nothing is applied to the cluster. The policy is evaluated
        against the stored picture only.
      </Alert>
      <TextField
        label="Policy (YAML or JSON; several documents allowed)"
        multiline
        minRows={8}
        maxRows={24}
        fullWidth
        variant="outlined"
        margin="normal"
        value={text}
        onChange={e => setText(e.target.value)}
        inputProps={{
          'data-testid': 'network-what-if-input',
          'aria-label': 'Policy (YAML or JSON; several documents allowed)',
          spellCheck: false,
          style: { fontFamily: 'monospace', fontSize: 12 },
        }}
        error={tooLarge}
        helperText={tooLarge ? 'Larger than 256 KiB' : undefined}
      />
      <Box display="flex" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={!text.trim() || tooLarge || state.loading}
          onClick={() => preview(text)}
        >
          Preview
        </Button>
        <Button variant="outlined" component="label">
          Upload file
          <input
            type="file"
            hidden
            accept=".yaml,.yml,.json,application/json,text/yaml"
            data-testid="network-what-if-file"
            onChange={onFile}
          />
        </Button>
      </Box>
      {fileError && (
        <Typography color="error" variant="body2">
          {fileError}
        </Typography>
      )}
      {state.error && (
        <Box mt={2}>
          <ResponseErrorPanel error={state.error} title="Preview failed" />
        </Box>
      )}
      {state.value && !state.loading && <WhatIfResult result={state.value} />}
    </Box>
  );
}
