import {
  FalcoPriority,
  LambdaInvocationType,
} from '@containersec/plugin-container-security-common';

/**
 * A Falco event as Falco or Falcosidekick posts it (the fields a Talon rule can match on).
 *
 * @public
 */
export interface TalonEvent {
  uuid?: string;
  /** The Falco rule that fired. */
  rule: string;
  /** The Falco priority, any case (`Critical`, `critical`, `info`…). */
  priority: string;
  tags?: readonly string[];
  output_fields?: Readonly<Record<string, unknown>>;
  output?: string;
  /** The event source, e.g. `syscall`, `k8s_audit`. */
  source?: string;
  hostname?: string;
  time?: string;
}

/**
 * One rules file to parse: its path (used in messages only) and its text.
 *
 * @public
 */
export interface TalonRulesFile {
  path: string;
  content: string;
}

/**
 * Options of {@link parseTalonRules}.
 *
 * @public
 */
export interface ParseTalonRulesOptions {
  /**
   * Talon actionners other than `aws:lambda`, each mapped to the responder function
   * (Lambda function name) that implements it, e.g.
   * `{ 'kubernetes:terminate': 'cs-delete-pod' }`. An action whose actionner is
   * neither `aws:lambda` nor in this map is an error.
   */
  actionners?: Readonly<Record<string, string>>;
}

/**
 * A priority condition: `>=Critical` is `{ comparator: '>=', priority: 'Critical' }`.
 * A bare or `=`-prefixed priority is `=`.
 *
 * @public
 */
export interface TalonPriorityCondition {
  comparator: '<' | '<=' | '>' | '>=' | '=';
  priority: FalcoPriority;
}

/**
 * One `key=value` or `key!=value` test of an `output_fields` item.
 *
 * @public
 */
export interface TalonOutputFieldCondition {
  key: string;
  operator: '=' | '!=';
  value: string;
}

/**
 * A rule's `match` clause, parsed. Empty lists and absent fields match every event.
 *
 * @public
 */
export interface TalonMatchClause {
  /** Falco rule names; the event's rule must be one of them (OR). */
  rules: string[];
  priority?: TalonPriorityCondition;
  /** The event's `source` must equal it. */
  source?: string;
  /** OR between items; each item's tags must all be on the event (AND). */
  tags: string[][];
  /** OR between items; each item's tests must all hold (AND). */
  outputFields: TalonOutputFieldCondition[][];
}

/**
 * A reusable `- action:` block, after merging the blocks of the same name (later files
 * override earlier ones).
 *
 * @public
 */
export interface TalonActionBlock {
  name: string;
  /** Where the block is first defined: `file:line`. */
  source: string;
  description?: string;
  actionner?: string;
  continue?: boolean;
  ignoreErrors?: boolean;
  parameters: Record<string, unknown>;
}

/**
 * One action of a rule, resolved: the rule's entry over the action block of the same
 * name, and the Lambda invocation it stands for.
 *
 * @public
 */
export interface TalonResolvedAction {
  /** The action's name (`- action:`). */
  action: string;
  /** Where the rule names this action: `file:line`. */
  source: string;
  /** The Talon actionner: `aws:lambda`, or a mapped one such as `kubernetes:terminate`. */
  actionner: string;
  /** The effective parameters: the rule's, key by key over the action block's. */
  parameters: Record<string, unknown>;
  ignoreErrors: boolean;
  /**
   * Whether later actions of the rule run after this one (Talon's `continue`; an
   * actionner's default when unset, e.g. false for `kubernetes:terminate`).
   */
  continue: boolean;
  /** The Lambda function invoked. */
  functionName: string;
  /** Alias or version; `$LATEST` by default. */
  qualifier: string;
  invocationType: LambdaInvocationType;
}

/**
 * One `- rule:` block, parsed and resolved (blocks of the same name merged into the
 * first one's place).
 *
 * @public
 */
export interface TalonRule {
  name: string;
  /** Where the rule is first defined: `file:line`. */
  source: string;
  description?: string;
  match: TalonMatchClause;
  dryRun: boolean;
  /** False stops the evaluation of the rules below once this one matched. */
  continue: boolean;
  /**
   * The actions that run, in order. Actions after one whose `continue` is false never
   * run in Talon, so they are left out here.
   */
  actions: TalonResolvedAction[];
}

/**
 * Parsed rules files.
 *
 * @public
 */
export interface TalonRuleSet {
  /** Rules, top to bottom across the files in the order given. */
  rules: TalonRule[];
  /** The reusable action blocks. */
  actions: TalonActionBlock[];
}

/**
 * One rule that matched an event, with the actions to run.
 *
 * @public
 */
export interface TalonRuleMatch {
  rule: { name: string; source: string };
  dryRun: boolean;
  actions: readonly TalonResolvedAction[];
}

/**
 * Compiled rules: answers the rules that match an event.
 *
 * @public
 */
export interface TalonMatcher {
  /** Every matching rule, top to bottom (stopping after a matching rule with `continue: false`). */
  match(event: TalonEvent): TalonRuleMatch[];
  readonly rules: readonly TalonRule[];
}

/**
 * One problem in a rules file.
 *
 * @public
 */
export interface TalonRulesProblem {
  file: string;
  /** 1-based. */
  line: number;
  message: string;
}
