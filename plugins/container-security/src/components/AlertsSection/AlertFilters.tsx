import {
  ALERT_STATUSES,
  AlertStatus,
  FALCO_PRIORITIES,
  FalcoPriority,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { FormEvent, useEffect, useState } from 'react';
import { AlertFilterState } from '../../hooks/useEntityAlerts';

const HOUR = 3_600_000;

/** The time ranges offered, relative to now. */
export const ALERT_RANGES = [
  { label: 'Last hour', ms: HOUR },
  { label: 'Last 24 hours', ms: 24 * HOUR },
  { label: 'Last 7 days', ms: 7 * 24 * HOUR },
  { label: 'Last 30 days', ms: 30 * 24 * HOUR },
];

/** Open and acknowledged alerts of the last 7 days. */
export const DEFAULT_ALERT_FILTERS: AlertFilterState = {
  rangeMs: 7 * 24 * HOUR,
  status: ['open', 'acknowledged'],
};

const splitList = (text: string) =>
  text
    .split(',')
    .map(t => t.trim())
    .filter(Boolean);

/**
 * The filters of the Alerts section. Lists and the time range apply at once; the text
 * fields apply on Enter or with the button, so typing does not fire a request per key.
 */
export function AlertFilters(props: {
  value: AlertFilterState;
  onChange: (next: AlertFilterState) => void;
}) {
  const { value, onChange } = props;
  const [draft, setDraft] = useState({
    rule: value.rule?.join(', ') ?? '',
    workload: value.workload ?? '',
    container: value.container ?? '',
    tags: value.tags?.join(', ') ?? '',
  });
  useEffect(() => {
    setDraft({
      rule: value.rule?.join(', ') ?? '',
      workload: value.workload ?? '',
      container: value.container ?? '',
      tags: value.tags?.join(', ') ?? '',
    });
  }, [value.rule, value.workload, value.container, value.tags]);

  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    const rule = splitList(draft.rule);
    const tags = splitList(draft.tags);
    onChange({
      ...value,
      rule: rule.length ? rule : undefined,
      workload: draft.workload.trim() || undefined,
      container: draft.container.trim() || undefined,
      tags: tags.length ? tags : undefined,
    });
  };

  const text = (key: keyof typeof draft, label: string, helper?: string) => (
    <TextField
      label={label}
      size="small"
      variant="outlined"
      value={draft[key]}
      helperText={helper}
      onChange={e => setDraft(d => ({ ...d, [key]: e.target.value }))}
      inputProps={{ 'aria-label': label }}
    />
  );

  return (
    <form onSubmit={apply} aria-label="Alert filters">
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="flex-start"
        style={{ gap: 12 }}
      >
        <TextField
          select
          size="small"
          variant="outlined"
          label="Time range"
          value={value.rangeMs}
          onChange={e =>
            onChange({ ...value, rangeMs: Number(e.target.value) })
          }
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Time range' } as any,
          }}
          style={{ minWidth: 150 }}
        >
          {ALERT_RANGES.map(r => (
            <MenuItem key={r.ms} value={r.ms}>
              {r.label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          variant="outlined"
          label="Priority"
          value={value.priority ?? []}
          onChange={e => {
            const list = e.target.value as unknown as FalcoPriority[];
            onChange({ ...value, priority: list.length ? list : undefined });
          }}
          SelectProps={{
            multiple: true,
            SelectDisplayProps: { 'aria-label': 'Priority' } as any,
            renderValue: v =>
              (v as string[]).length ? (v as string[]).join(', ') : 'Any',
            displayEmpty: true,
          }}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 150 }}
        >
          {FALCO_PRIORITIES.map(p => (
            <MenuItem key={p} value={p}>
              {p}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          variant="outlined"
          label="Status"
          value={value.status ?? []}
          onChange={e => {
            const list = e.target.value as unknown as AlertStatus[];
            onChange({ ...value, status: list.length ? list : undefined });
          }}
          SelectProps={{
            multiple: true,
            SelectDisplayProps: { 'aria-label': 'Status' } as any,
            renderValue: v =>
              (v as string[]).length ? (v as string[]).join(', ') : 'Any',
            displayEmpty: true,
          }}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 150 }}
        >
          {ALERT_STATUSES.map(s => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        {text('rule', 'Rule', 'Exact names, comma-separated')}
        {text('workload', 'Workload')}
        {text('container', 'Container')}
        {text('tags', 'Tags', 'All of, comma-separated')}
        <Button type="submit" variant="outlined">
          Apply
        </Button>
      </Box>
    </form>
  );
}
