import { eventPriorityRank, priorityRankRange } from './priority';
import {
  TalonEvent,
  TalonMatcher,
  TalonOutputFieldCondition,
  TalonRule,
  TalonRuleMatch,
  TalonRuleSet,
} from './types';

/** One rule in the form the matcher tests: ranks, sets and flat arrays. */
interface CompiledRule {
  index: number;
  minRank: number;
  maxRank: number;
  source: string | undefined;
  /** OR of ANDs; null when the rule has no tag condition. */
  tags: string[][] | null;
  outputFields: TalonOutputFieldCondition[][] | null;
  continue: boolean;
  /** Built once and shared by every event the rule matches (frozen). */
  result: TalonRuleMatch;
}

const NO_RULES: readonly CompiledRule[] = [];
/** Bound on the per-matcher cache of priority spellings (events may carry anything). */
const PRIORITY_CACHE_LIMIT = 64;

/**
 * Compiles a rule set for matching. Rules naming Falco rules (`match.rules`) are indexed
 * by those names; the others are tested on every event. An event is therefore tested
 * against the rules for its Falco rule plus the rules without `match.rules`, merged in
 * file order: O(k) tests per event for k such rules, not O(all rules). Each test is two
 * integer comparisons for the priority and small-array scans for tags and output
 * fields.
 *
 * @public
 */
export function compileTalonRules(set: TalonRuleSet): TalonMatcher {
  const byFalcoRule = new Map<string, CompiledRule[]>();
  const anyFalcoRule: CompiledRule[] = [];
  const hasTagConditions = set.rules.some(r => r.match.tags.length > 0);

  set.rules.forEach((rule, index) => {
    const compiled = compileRule(rule, index);
    if (rule.match.rules.length === 0) {
      anyFalcoRule.push(compiled);
      return;
    }
    for (const name of new Set(rule.match.rules)) {
      let list = byFalcoRule.get(name);
      if (!list) byFalcoRule.set(name, (list = []));
      list.push(compiled);
    }
  });

  const priorityRanks = new Map<string, number>();
  const rankOf = (priority: unknown): number => {
    if (typeof priority !== 'string') return eventPriorityRank(priority);
    let rank = priorityRanks.get(priority);
    if (rank === undefined) {
      rank = eventPriorityRank(priority);
      if (priorityRanks.size < PRIORITY_CACHE_LIMIT)
        priorityRanks.set(priority, rank);
    }
    return rank;
  };

  return {
    rules: set.rules,
    match(event: TalonEvent): TalonRuleMatch[] {
      const named =
        (typeof event.rule === 'string' && byFalcoRule.get(event.rule)) ||
        NO_RULES;
      const matches: TalonRuleMatch[] = [];
      if (named.length === 0 && anyFalcoRule.length === 0) return matches;
      const rank = rankOf(event.priority);
      const eventTags =
        hasTagConditions && event.tags && event.tags.length > 8
          ? new Set(event.tags)
          : event.tags;
      // Merge the two lists, both in file order.
      let i = 0;
      let j = 0;
      while (i < named.length || j < anyFalcoRule.length) {
        const rule =
          j >= anyFalcoRule.length ||
          (i < named.length && named[i].index < anyFalcoRule[j].index)
            ? named[i++]
            : anyFalcoRule[j++];
        if (!ruleMatches(rule, event, rank, eventTags)) continue;
        matches.push(rule.result);
        if (!rule.continue) break;
      }
      return matches;
    },
  };
}

function compileRule(rule: TalonRule, index: number): CompiledRule {
  const [minRank, maxRank] = priorityRankRange(rule.match.priority);
  const actions = Object.freeze(rule.actions.map(a => Object.freeze({ ...a })));
  return {
    index,
    minRank,
    maxRank,
    source: rule.match.source,
    tags: rule.match.tags.length > 0 ? rule.match.tags : null,
    outputFields:
      rule.match.outputFields.length > 0 ? rule.match.outputFields : null,
    continue: rule.continue,
    result: Object.freeze({
      rule: Object.freeze({ name: rule.name, source: rule.source }),
      dryRun: rule.dryRun,
      actions,
    }),
  };
}

function ruleMatches(
  rule: CompiledRule,
  event: TalonEvent,
  rank: number,
  eventTags: readonly string[] | Set<string> | undefined,
): boolean {
  if (rank < rule.minRank || rank > rule.maxRank) return false;
  if (rule.source !== undefined && event.source !== rule.source) return false;
  if (rule.tags !== null && !tagsMatch(rule.tags, eventTags)) return false;
  if (
    rule.outputFields !== null &&
    !outputFieldsMatch(rule.outputFields, event.output_fields)
  ) {
    return false;
  }
  return true;
}

function tagsMatch(
  items: string[][],
  eventTags: readonly string[] | Set<string> | undefined,
): boolean {
  if (!eventTags) return false;
  const has =
    eventTags instanceof Set
      ? (t: string) => eventTags.has(t)
      : (t: string) => eventTags.includes(t);
  for (const item of items) {
    let all = true;
    for (const tag of item) {
      if (!has(tag)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

function outputFieldsMatch(
  items: TalonOutputFieldCondition[][],
  fields: Readonly<Record<string, unknown>> | undefined,
): boolean {
  for (const item of items) {
    let all = true;
    for (const test of item) {
      const equal = fieldEquals(fields, test.key, test.value);
      if (test.operator === '=' ? !equal : equal) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/**
 * Whether an output field is present and reads as `value`. Numbers and booleans compare
 * by their text (`proc.tty=34816`); null counts as absent, as Falco writes null for a
 * field it could not resolve.
 */
function fieldEquals(
  fields: Readonly<Record<string, unknown>> | undefined,
  key: string,
  value: string,
): boolean {
  if (!fields) return false;
  const actual = fields[key];
  if (actual === undefined || actual === null) return false;
  if (typeof actual === 'string') return actual === value;
  if (
    typeof actual === 'number' ||
    typeof actual === 'boolean' ||
    typeof actual === 'bigint'
  ) {
    return String(actual) === value;
  }
  return JSON.stringify(actual) === value;
}
