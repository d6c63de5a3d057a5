/**
 * Responder rules in Falco Talon's syntax: pure parsing, validation and matching, no
 * I/O and no clock. Used by the backend (on each stored alert) and by the CLI's
 * `responders test`.
 *
 * Usage:
 * ```ts
 * const set = parseTalonRules(
 *   [{ path: 'rules.yaml', content: text }],
 *   { actionners: { 'kubernetes:terminate': 'cs-delete-pod' } },
 * ); // throws TalonRulesError: problems as file:line: problem
 * const matcher = compileTalonRules(set);
 * matcher.match(falcoEvent); // [{ rule: { name, source }, dryRun, actions: [{ functionName, qualifier, invocationType, … }] }]
 * ```
 *
 * Semantics are summarised in the README ("Responder rules (Talon-compatible)") and
 * cited in the tests.
 *
 * @packageDocumentation
 */
export * from './types';
export { TalonRulesError } from './TalonRulesError';
export { parseTalonRules } from './parseTalonRules';
export { compileTalonRules } from './compileTalonRules';
export { TALON_LAMBDA_ACTIONNER } from './lambdaInvocation';
