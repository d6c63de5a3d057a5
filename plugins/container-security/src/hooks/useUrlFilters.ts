import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * Filters kept in the page's query, so a link reproduces the view: the current ones
 * (`defaults` where the query is silent) and a setter that replaces them without adding
 * a history entry. The converters keep the query's other parameters.
 */
export function useUrlFilters<F>(
  fromParams: (params: URLSearchParams, defaults: F) => F,
  toParams: (
    filters: F,
    defaults: F,
    current: URLSearchParams,
  ) => URLSearchParams,
  defaults: F,
): [F, (next: F) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  // Parsed again only when the query's text changes, not on every new params object.
  const paramsKey = searchParams.toString();
  const filters = useMemo(
    () => fromParams(new URLSearchParams(paramsKey), defaults),
    [fromParams, defaults, paramsKey],
  );
  const setFilters = useCallback(
    (next: F) =>
      setSearchParams(current => toParams(next, defaults, current), {
        replace: true,
      }),
    [toParams, defaults, setSearchParams],
  );
  return [filters, setFilters];
}
