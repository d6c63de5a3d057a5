import { DEFAULT_AUDIT_FILTERS } from './AuditFilters';
import {
  auditFiltersFromParams,
  auditFiltersToParams,
} from './auditFilterParams';

describe('audit filters in the URL', () => {
  it('keeps the plain view plain', () => {
    expect(
      auditFiltersToParams(
        DEFAULT_AUDIT_FILTERS,
        DEFAULT_AUDIT_FILTERS,
      ).toString(),
    ).toBe('');
    expect(
      auditFiltersFromParams(new URLSearchParams(), DEFAULT_AUDIT_FILTERS),
    ).toEqual(DEFAULT_AUDIT_FILTERS);
  });

  it('round-trips risky-only, errors-only, the range and text filters', () => {
    const filters = {
      rangeMs: 7 * 24 * 3_600_000,
      riskyOnly: true,
      errorsOnly: true,
      principal: 'deploy-bot',
    };
    const params = auditFiltersToParams(filters, DEFAULT_AUDIT_FILTERS);
    expect(params.toString()).toBe(
      'range=7d&risky=1&errors=1&principal=deploy-bot',
    );
    expect(auditFiltersFromParams(params, DEFAULT_AUDIT_FILTERS)).toEqual(
      filters,
    );
  });
});
