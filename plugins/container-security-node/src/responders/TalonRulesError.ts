import { TalonRulesProblem } from './types';

/**
 * Thrown by {@link parseTalonRules} when rules files are invalid. The message lists
 * every problem as `file:line: problem`, one a line.
 *
 * @public
 */
export class TalonRulesError extends Error {
  readonly problems: TalonRulesProblem[];

  constructor(problems: TalonRulesProblem[]) {
    super(
      `Invalid responder rules:\n${problems
        .map(p => `${p.file}:${p.line}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'TalonRulesError';
    this.problems = problems;
  }
}
