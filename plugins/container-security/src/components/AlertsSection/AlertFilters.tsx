import {
  ALERT_STATUSES,
  FALCO_PRIORITIES,
} from '@containersec/plugin-container-security-common';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { FormEvent, useEffect, useState } from 'react';
import { AlertFilterState } from '../../hooks/useEntityAlerts';
import { FilterBar, FilterText, RangeSelect } from '../FilterParts';

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

/** The text-field drafts of `filters`: lists as comma-separated text. */
function draftOf(
  filters: Pick<AlertFilterState, 'rule' | 'workload' | 'container' | 'tags'>,
) {
  return {
    rule: filters.rule?.join(', ') ?? '',
    workload: filters.workload ?? '',
    container: filters.container ?? '',
    tags: filters.tags?.join(', ') ?? '',
  };
}

/** A multiple-choice select whose empty choice means "any" (`undefined`). */
function MultiSelect<T extends string>(props: {
  label: string;
  options: readonly T[];
  value?: T[];
  onChange: (next: T[] | undefined) => void;
}) {
  const { label, options, value, onChange } = props;
  return (
    <TextField
      select
      // With an id, the select is named by its label and its shown value ("Priority Any"),
      // so the visible text is part of its accessible name.
      id={`alert-filter-${label.toLocaleLowerCase('en-US')}`}
      size="small"
      variant="outlined"
      label={label}
      value={value ?? []}
      onChange={e => {
        const list = e.target.value as unknown as T[];
        onChange(list.length ? list : undefined);
      }}
      SelectProps={{
        multiple: true,
        SelectDisplayProps: {
          id: `alert-filter-${label.toLocaleLowerCase('en-US')}-value`,
        } as any,
        renderValue: v =>
          (v as string[]).length ? (v as string[]).join(', ') : 'Any',
        displayEmpty: true,
      }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 150 }}
    >
      {options.map(o => (
        <MenuItem key={o} value={o}>
          {o}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * The filters of the Alerts section. Lists and the time range apply at once; the text
 * fields apply on Enter or with the button, so typing does not fire a request per key.
 */
export function AlertFilters(props: {
  value: AlertFilterState;
  onChange: (next: AlertFilterState) => void;
}) {
  const { value, onChange } = props;
  const [draft, setDraft] = useState(() => draftOf(value));
  useEffect(() => {
    setDraft(
      draftOf({
        rule: value.rule,
        workload: value.workload,
        container: value.container,
        tags: value.tags,
      }),
    );
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
    <FilterText
      label={label}
      helperText={helper}
      value={draft[key]}
      onChange={t => setDraft(d => ({ ...d, [key]: t }))}
    />
  );

  return (
    <FilterBar onSubmit={apply} label="Alert filters" alignItems="flex-start">
      <RangeSelect
        id="alert-filter-range"
        ranges={ALERT_RANGES}
        value={value.rangeMs}
        onChange={rangeMs => onChange({ ...value, rangeMs })}
        minWidth={150}
        namedByValue
      />
      <MultiSelect
        label="Priority"
        options={FALCO_PRIORITIES}
        value={value.priority}
        onChange={priority => onChange({ ...value, priority })}
      />
      <MultiSelect
        label="Status"
        options={ALERT_STATUSES}
        value={value.status}
        onChange={status => onChange({ ...value, status })}
      />
      {text('rule', 'Rule', 'Exact names, comma-separated')}
      {text('workload', 'Workload')}
      {text('container', 'Container')}
      {text('tags', 'Tags', 'All of, comma-separated')}
      <Button type="submit" variant="outlined">
        Apply
      </Button>
    </FilterBar>
  );
}
