import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import { FormEvent, useEffect, useState } from 'react';
import { AuditFilterState } from '../../hooks/useEntityAuditPages';
import { FilterBar, FilterText, RangeSelect } from '../FilterParts';

const DAY = 24 * 3_600_000;

/** The time ranges offered, relative to now; 0 is everything stored. */
export const AUDIT_RANGES = [
  { label: 'Last 24 hours', ms: DAY },
  { label: 'Last 7 days', ms: 7 * DAY },
  { label: 'Last 30 days', ms: 30 * DAY },
  { label: 'Last 90 days', ms: 90 * DAY },
  { label: 'All stored', ms: 0 },
];

/** Every stored event, newest first. */
export const DEFAULT_AUDIT_FILTERS: AuditFilterState = { rangeMs: 0 };

/**
 * Filters of an audit list. The range and checkboxes apply at once; text fields on Enter
 * or with the button. `hideRiskyOnly` for lists that are risky already.
 */
export function AuditFilters(props: {
  value: AuditFilterState;
  onChange: (next: AuditFilterState) => void;
  hideRiskyOnly?: boolean;
}) {
  const { value, onChange } = props;
  const [draft, setDraft] = useState({
    eventName: value.eventName ?? '',
    eventSource: value.eventSource ?? '',
    principal: value.principal ?? '',
  });
  useEffect(() => {
    setDraft({
      eventName: value.eventName ?? '',
      eventSource: value.eventSource ?? '',
      principal: value.principal ?? '',
    });
  }, [value.eventName, value.eventSource, value.principal]);

  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    onChange({
      ...value,
      eventName: draft.eventName.trim() || undefined,
      eventSource: draft.eventSource.trim() || undefined,
      principal: draft.principal.trim() || undefined,
    });
  };

  const text = (key: keyof typeof draft, label: string) => (
    <FilterText
      id={`audit-filter-${key}`}
      label={label}
      value={draft[key]}
      onChange={t => setDraft(d => ({ ...d, [key]: t }))}
    />
  );

  const flag = (key: 'riskyOnly' | 'errorsOnly', label: string) => (
    <FormControlLabel
      control={
        <Checkbox
          checked={Boolean(value[key])}
          onChange={e =>
            onChange({ ...value, [key]: e.target.checked || undefined })
          }
        />
      }
      label={label}
    />
  );

  return (
    <FilterBar onSubmit={apply} alignItems="center">
      <RangeSelect
        id="audit-filter-range"
        ranges={AUDIT_RANGES}
        value={value.rangeMs}
        onChange={rangeMs => onChange({ ...value, rangeMs })}
        minWidth={160}
      />
      {text('eventName', 'Event name')}
      {text('eventSource', 'Event source')}
      {text('principal', 'Principal')}
      <Button type="submit" variant="outlined" size="small">
        Apply
      </Button>
      {!props.hideRiskyOnly && flag('riskyOnly', 'Risky only')}
      {flag('errorsOnly', 'Errors only')}
    </FilterBar>
  );
}
