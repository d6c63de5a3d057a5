import {
  FALCO_PRIORITIES,
  falcoPriorityRank,
  parseFalcoPriority,
} from '@containersec/plugin-container-security-common';
import { TalonPriorityCondition } from './types';

/**
 * Rank of an event's priority; an unknown or missing one ranks below Debug, as in Talon
 * (where it is 0 and Debug is 1), so it passes `<X` / `<=X` and nothing else.
 */
export const UNKNOWN_PRIORITY_RANK = -1;

/** Talon's form: an optional `<` or `>`, an optional `=`, then a priority name. */
const CONDITION = /^([<>]?)(=?)\s*(.*)$/;

/**
 * Parses `match.priority`. Undefined for an empty value (no condition); a string for a
 * problem.
 */
export function parsePriorityCondition(
  text: string,
): TalonPriorityCondition | undefined | string {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const [, direction, equals, name] = CONDITION.exec(trimmed)!;
  if (name === '') {
    return `priority '${text}' has a comparator but no priority`;
  }
  const priority = parseFalcoPriority(name);
  if (!priority) {
    const reason = /^[<>=!]/.test(name)
      ? `bad comparator (use one of <, <=, >, >=, = or none)`
      : `unknown priority '${name}' (one of ${FALCO_PRIORITIES.join(', ')})`;
    return `priority '${text}': ${reason}`;
  }
  const comparator = (direction + equals ||
    '=') as TalonPriorityCondition['comparator'];
  return { comparator, priority };
}

/**
 * The inclusive range of event ranks a condition accepts, so matching is two integer
 * comparisons.
 */
export function priorityRankRange(
  condition: TalonPriorityCondition | undefined,
): [number, number] {
  if (!condition) return [-Infinity, Infinity];
  const rank = falcoPriorityRank(condition.priority);
  switch (condition.comparator) {
    case '>':
      return [rank + 1, Infinity];
    case '>=':
      return [rank, Infinity];
    case '<':
      return [-Infinity, rank - 1];
    case '<=':
      return [-Infinity, rank];
    default:
      return [rank, rank];
  }
}

/** The rank of an event's priority string. */
export function eventPriorityRank(priority: unknown): number {
  const parsed = parseFalcoPriority(priority);
  return parsed ? falcoPriorityRank(parsed) : UNKNOWN_PRIORITY_RANK;
}
