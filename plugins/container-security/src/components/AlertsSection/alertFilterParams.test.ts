import { DEFAULT_ALERT_FILTERS } from './AlertFilters';
import {
  alertFiltersFromParams,
  alertFiltersToParams,
} from './alertFilterParams';

const HOUR = 3_600_000;

describe('alert filters in the URL', () => {
  it('reads the defaults from an empty query and writes none', () => {
    expect(
      alertFiltersFromParams(new URLSearchParams(), DEFAULT_ALERT_FILTERS),
    ).toEqual(DEFAULT_ALERT_FILTERS);
    expect(
      alertFiltersToParams(
        DEFAULT_ALERT_FILTERS,
        DEFAULT_ALERT_FILTERS,
      ).toString(),
    ).toBe('');
  });

  it('round-trips range, priorities, statuses, rules and text filters', () => {
    const filters = {
      rangeMs: 24 * HOUR,
      priority: ['Critical' as const, 'Error' as const],
      status: undefined,
      rule: ['Terminal shell in container'],
      tags: ['mitre_execution'],
      workload: 'payments-api',
      container: 'app',
    };
    const params = alertFiltersToParams(filters, DEFAULT_ALERT_FILTERS);
    expect(params.get('range')).toBe('24h');
    expect(params.get('priority')).toBe('Critical,Error');
    expect(params.get('status')).toBe('any');
    expect(
      alertFiltersFromParams(
        new URLSearchParams(params.toString()),
        DEFAULT_ALERT_FILTERS,
      ),
    ).toEqual(filters);
  });

  it('ignores values it does not know and keeps other parameters', () => {
    const params = new URLSearchParams(
      'range=forever&priority=Bogus,Warning&status=nope&tab=x',
    );
    expect(alertFiltersFromParams(params, DEFAULT_ALERT_FILTERS)).toEqual({
      ...DEFAULT_ALERT_FILTERS,
      priority: ['Warning'],
    });
    expect(
      alertFiltersToParams(
        DEFAULT_ALERT_FILTERS,
        DEFAULT_ALERT_FILTERS,
        params,
      ).get('tab'),
    ).toBe('x');
  });
});
