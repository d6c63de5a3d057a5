import { isSeq, Node } from 'yaml';
import { parsePriorityCondition } from './priority';
import { defaultContinue, resolveLambdaInvocation } from './lambdaInvocation';
import { TalonRulesError } from './TalonRulesError';
import {
  ParseTalonRulesOptions,
  TalonActionBlock,
  TalonMatchClause,
  TalonOutputFieldCondition,
  TalonResolvedAction,
  TalonRule,
  TalonRuleSet,
  TalonRulesFile,
  TalonRulesProblem,
} from './types';
import { MapEntry, YamlReader } from './yamlReader';

const ACTION_KEYS = [
  'action',
  'description',
  'actionner',
  'continue',
  'ignore_errors',
  'parameters',
] as const;
const RULE_KEYS = [
  'rule',
  'description',
  'match',
  'continue',
  'dry_run',
  'actions',
] as const;
const MATCH_KEYS = [
  'rules',
  'priority',
  'source',
  'tags',
  'output_fields',
] as const;

// Talon keys the suite does not carry over; a file using them is refused rather than
// half-obeyed.
const REJECTED_ACTION_KEYS = {
  output:
    'responders keep no artifacts (the function stores what it collects itself)',
  additional_contexts:
    'the function receives the alert and its target; no extra context is gathered',
};
const REJECTED_RULE_KEYS = {
  notifiers:
    'the suite records every action and notifies the owning group itself',
};

/** Talon's tag syntax. */
const TAG = /^[a-z_0-9.]*[a-z0-9]$/i;
/** Talon's actionner names: `category:name`. */
const ACTIONNER = /^[a-z0-9_-]+:[a-z0-9_-]+$/;
/** An output field key: Falco field names, with an optional `[arg]`. */
const FIELD_KEY = /^[a-z0-9_.]+(\[[^\]]*\])?$/i;

/** An action entry (a block, or a rule's reference to one) as written. */
interface RawAction {
  name: string;
  source: string;
  node: Node;
  description?: string;
  actionner?: string;
  continue?: boolean;
  ignoreErrors?: boolean;
  parameters?: Record<string, unknown>;
}

/** A rule block as written, plus where each override came from. */
interface RawRule {
  name: string;
  source: string;
  reader: YamlReader;
  node: Node;
  description?: string;
  continue?: boolean;
  dryRun?: boolean;
  match: TalonMatchClause;
  /** The `match` keys this block wrote, so an override replaces only those. */
  matchKeys: Set<string>;
  actions: Array<{ raw: RawAction; reader: YamlReader }>;
}

/**
 * Parses Falco Talon rules files into a rule set: reusable `- action:` blocks and
 * `- rule:` blocks, every action resolved to the Lambda invocation it stands for.
 *
 * Blocks of the same name merge as in Talon (later ones override: strings are
 * replaced, lists appended, parameters merged key by key); a merged rule keeps the place
 * of its first definition. Throws {@link TalonRulesError} listing every problem as
 * `file:line: problem`.
 *
 * @public
 */
export function parseTalonRules(
  files: readonly TalonRulesFile[],
  options: ParseTalonRulesOptions = {},
): TalonRuleSet {
  const problems: TalonRulesProblem[] = [];
  const blocks = new Map<string, TalonActionBlock>();
  const rules = new Map<string, RawRule>();

  for (const file of files) {
    const reader = new YamlReader(file.path, file.content, problems);
    const root = reader.root;
    if (root === undefined || (root as { value?: unknown }).value === null)
      continue;
    if (!isSeq(root)) {
      reader.problem(
        root,
        'a rules file is a list of - action: and - rule: blocks',
      );
      continue;
    }
    for (const item of root.items as Node[]) {
      const entries = reader.map(item, 'a block');
      if (!entries) continue;
      const isAction = entries.has('action');
      const isRule = entries.has('rule');
      if (isAction && isRule) {
        reader.problem(
          item,
          "a block is either '- action:' or '- rule:', not both",
        );
      } else if (isAction) {
        const raw = readAction(reader, item, entries, 'action block');
        if (raw) mergeBlock(blocks, raw);
      } else if (isRule) {
        const raw = readRule(reader, item, entries);
        if (raw) mergeRule(rules, raw);
      } else {
        reader.problem(
          item,
          "a block must start with '- action:' or '- rule:'",
        );
      }
    }
  }

  const resolved: TalonRule[] = [];
  for (const raw of rules.values()) {
    const rule = resolveRule(raw, blocks, options.actionners ?? {});
    if (rule) resolved.push(rule);
  }

  if (problems.length > 0) {
    throw new TalonRulesError(sortProblems(problems, files));
  }
  return { rules: resolved, actions: [...blocks.values()] };
}

function readAction(
  reader: YamlReader,
  node: Node,
  entries: Map<string, MapEntry>,
  what: string,
): RawAction | undefined {
  const name = reader.string(
    entries.get('action')?.value ?? node,
    `${what}: 'action' (its name)`,
  );
  const label = name === undefined ? what : `action '${name}'`;
  reader.checkKeys(entries, label, ACTION_KEYS, REJECTED_ACTION_KEYS);
  const raw: Partial<RawAction> = { name, source: reader.where(node), node };
  const value = (k: string) => entries.get(k)?.value;
  if (entries.has('description')) {
    raw.description = reader.string(
      value('description'),
      `${label}: description`,
      true,
    );
  }
  if (entries.has('actionner')) {
    const actionner = reader.string(value('actionner'), `${label}: actionner`);
    if (actionner !== undefined && !ACTIONNER.test(actionner)) {
      reader.problem(
        value('actionner'),
        `${label}: actionner '${actionner}' is not of the form category:name (e.g. aws:lambda)`,
      );
    } else raw.actionner = actionner;
  }
  if (entries.has('continue')) {
    raw.continue = reader.boolean(value('continue'), `${label}: continue`);
  }
  if (entries.has('ignore_errors')) {
    raw.ignoreErrors = reader.boolean(
      value('ignore_errors'),
      `${label}: ignore_errors`,
    );
  }
  if (entries.has('parameters')) {
    const params = value('parameters');
    const nullParams =
      params === undefined || (params as { value?: unknown }).value === null;
    if (!nullParams && reader.map(params, `${label}: parameters`)) {
      raw.parameters = reader.data(params) as Record<string, unknown>;
    }
  }
  return name === undefined ? undefined : (raw as RawAction);
}

function readRule(
  reader: YamlReader,
  node: Node,
  entries: Map<string, MapEntry>,
): RawRule | undefined {
  const name = reader.string(
    entries.get('rule')?.value ?? node,
    "a rule's name ('rule')",
  );
  const label = name === undefined ? 'rule' : `rule '${name}'`;
  reader.checkKeys(entries, label, RULE_KEYS, REJECTED_RULE_KEYS);
  const value = (k: string) => entries.get(k)?.value;
  const rule: RawRule = {
    name: name ?? '',
    source: reader.where(node),
    reader,
    node,
    match: { rules: [], tags: [], outputFields: [] },
    matchKeys: new Set(),
    actions: [],
  };
  if (entries.has('description')) {
    rule.description = reader.string(
      value('description'),
      `${label}: description`,
      true,
    );
  }
  if (entries.has('continue')) {
    rule.continue = reader.boolean(value('continue'), `${label}: continue`);
  }
  if (entries.has('dry_run')) {
    rule.dryRun = reader.boolean(value('dry_run'), `${label}: dry_run`);
  }
  if (entries.has('match')) {
    readMatch(reader, value('match'), label, rule.match, rule.matchKeys);
  }
  if (entries.has('actions')) {
    const list = value('actions');
    if (!isSeq(list)) {
      reader.problem(
        list ?? entries.get('actions')!.key,
        `${label}: actions must be a list of - action: entries`,
      );
    } else {
      for (const item of list.items as Node[]) {
        const itemEntries = reader.map(item, `${label}: an action`);
        if (!itemEntries) continue;
        const raw = readAction(
          reader,
          item,
          itemEntries,
          `${label}: an action`,
        );
        if (raw) rule.actions.push({ raw, reader });
      }
    }
  }
  return name === undefined ? undefined : rule;
}

function readMatch(
  reader: YamlReader,
  node: Node | undefined,
  label: string,
  match: TalonMatchClause,
  keys: Set<string>,
) {
  if (node === undefined || (node as { value?: unknown }).value === null)
    return;
  const entries = reader.map(node, `${label}: match`);
  if (!entries) return;
  reader.checkKeys(entries, `${label}: match`, MATCH_KEYS);
  for (const key of entries.keys()) keys.add(key);
  const value = (k: string) => entries.get(k)?.value;
  if (entries.has('rules')) {
    for (const { value: r } of reader.strings(
      value('rules'),
      `${label}: match.rules`,
    ) ?? []) {
      match.rules.push(r);
    }
  }
  if (entries.has('priority')) {
    const text = reader.string(
      value('priority'),
      `${label}: match.priority`,
      true,
    );
    if (text !== undefined) {
      const parsed = parsePriorityCondition(text);
      if (typeof parsed === 'string')
        reader.problem(value('priority'), `${label}: ${parsed}`);
      else match.priority = parsed;
    }
  }
  if (entries.has('source')) {
    match.source = reader.string(value('source'), `${label}: match.source`);
  }
  if (entries.has('tags')) {
    for (const { value: item, node: itemNode } of reader.strings(
      value('tags'),
      `${label}: match.tags`,
    ) ?? []) {
      const tags = item.split(',').map(t => t.trim());
      const bad = tags.find(t => !TAG.test(t));
      if (bad !== undefined) {
        reader.problem(
          itemNode,
          `${label}: match.tags item '${item}' has an invalid tag '${bad}'`,
        );
      } else match.tags.push(tags);
    }
  }
  if (entries.has('output_fields')) {
    for (const { value: item, node: itemNode } of reader.strings(
      value('output_fields'),
      `${label}: match.output_fields`,
    ) ?? []) {
      const tests = parseOutputFields(item);
      if (typeof tests === 'string') {
        reader.problem(
          itemNode,
          `${label}: match.output_fields item '${item}': ${tests}`,
        );
      } else match.outputFields.push(tests);
    }
  }
}

/** `k=v, k2!=v2` → tests; a string for a problem. Values lose their surrounding quotes. */
export function parseOutputFields(
  item: string,
): TalonOutputFieldCondition[] | string {
  const tests: TalonOutputFieldCondition[] = [];
  for (const part of item.split(',')) {
    const text = part.trim();
    const eq = text.indexOf('=');
    if (eq < 0) return `'${text}' is not key=value or key!=value`;
    const negated = eq > 0 && text[eq - 1] === '!';
    const key = text.slice(0, negated ? eq - 1 : eq).trim();
    if (!FIELD_KEY.test(key)) return `'${key}' is not an output field name`;
    let value = text.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    tests.push({ key, operator: negated ? '!=' : '=', value });
  }
  return tests;
}

function mergeBlock(blocks: Map<string, TalonActionBlock>, raw: RawAction) {
  const existing = blocks.get(raw.name);
  if (!existing) {
    blocks.set(raw.name, {
      name: raw.name,
      source: raw.source,
      ...(raw.description !== undefined && { description: raw.description }),
      ...(raw.actionner !== undefined && { actionner: raw.actionner }),
      ...(raw.continue !== undefined && { continue: raw.continue }),
      ...(raw.ignoreErrors !== undefined && { ignoreErrors: raw.ignoreErrors }),
      parameters: { ...raw.parameters },
    });
    return;
  }
  if (raw.description !== undefined) existing.description = raw.description;
  if (raw.actionner !== undefined) existing.actionner = raw.actionner;
  if (raw.continue !== undefined) existing.continue = raw.continue;
  if (raw.ignoreErrors !== undefined) existing.ignoreErrors = raw.ignoreErrors;
  Object.assign(existing.parameters, raw.parameters);
}

function mergeRule(rules: Map<string, RawRule>, raw: RawRule) {
  const existing = rules.get(raw.name);
  if (!existing) {
    rules.set(raw.name, raw);
    return;
  }
  if (raw.description !== undefined) existing.description = raw.description;
  if (raw.continue !== undefined) existing.continue = raw.continue;
  if (raw.dryRun !== undefined) existing.dryRun = raw.dryRun;
  // A string set by the later block replaces the earlier one, even when set to ''.
  if (raw.matchKeys.has('priority'))
    existing.match.priority = raw.match.priority;
  if (raw.matchKeys.has('source')) existing.match.source = raw.match.source;
  existing.match.rules.push(...raw.match.rules);
  existing.match.tags.push(...raw.match.tags);
  existing.match.outputFields.push(...raw.match.outputFields);
  existing.actions.push(...raw.actions);
}

function resolveRule(
  raw: RawRule,
  blocks: Map<string, TalonActionBlock>,
  actionners: Readonly<Record<string, string>>,
): TalonRule | undefined {
  const label = `rule '${raw.name}'`;
  if (raw.actions.length === 0) {
    raw.reader.problem(raw.node, `${label} has no actions`);
    return undefined;
  }
  const actions: TalonResolvedAction[] = [];
  let failed = false;
  let stopped = false;
  for (const { raw: entry, reader } of raw.actions) {
    const block = blocks.get(entry.name);
    const where = `${label}, action '${entry.name}'`;
    const actionner = entry.actionner ?? block?.actionner;
    if (actionner === undefined) {
      reader.problem(
        entry.node,
        block
          ? `${where}: no actionner (neither the rule nor the action block at ${block.source} names one)`
          : `${where}: unknown action (no '- action:' block defines it and the rule names no actionner)`,
      );
      failed = true;
      continue;
    }
    const parameters = { ...block?.parameters, ...entry.parameters };
    const invocation = resolveLambdaInvocation(
      actionner,
      parameters,
      actionners,
    );
    if (Array.isArray(invocation)) {
      for (const message of invocation)
        reader.problem(entry.node, `${where}: ${message}`);
      failed = true;
      continue;
    }
    const cont =
      entry.continue ?? block?.continue ?? defaultContinue(actionner);
    // Talon stops a rule's actions after one that does not continue.
    if (!stopped) {
      actions.push({
        action: entry.name,
        source: entry.source,
        actionner,
        parameters,
        ignoreErrors: entry.ignoreErrors ?? block?.ignoreErrors ?? false,
        continue: cont,
        ...invocation,
      });
    }
    if (!cont) stopped = true;
  }
  if (failed) return undefined;
  return {
    name: raw.name,
    source: raw.source,
    ...(raw.description !== undefined && { description: raw.description }),
    match: raw.match,
    dryRun: raw.dryRun ?? false,
    continue: raw.continue ?? true,
    actions,
  };
}

function sortProblems(
  problems: TalonRulesProblem[],
  files: readonly TalonRulesFile[],
): TalonRulesProblem[] {
  const order = new Map(files.map((f, i) => [f.path, i]));
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        (order.get(a.p.file) ?? 0) - (order.get(b.p.file) ?? 0) ||
        a.p.line - b.p.line ||
        a.i - b.i,
    )
    .map(x => x.p);
}
