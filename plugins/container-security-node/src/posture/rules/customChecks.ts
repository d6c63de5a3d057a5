import { isCelError, parse, plan, celEnv } from '@bufbuild/cel';
import { PostureCheck } from '../types';
import { CustomCheckConfig } from './types';

/**
 * A custom check whose expression does not compile, reported at start-up.
 *
 * @public
 */
export interface CustomCheckCompileError {
  id: string;
  expression: string;
  error: string;
}

const env = celEnv();

function firstLine(message: string) {
  return message.split('\n')[0];
}

/**
 * Compiles CEL custom checks. The object under check is bound to `object`, as in a
 * ValidatingAdmissionPolicy; an expression that is false, or that fails at run time
 * (a missing field, a wrong type), is a violation with the reason in the message.
 *
 * @public
 */
export function compileCustomChecks(configs: CustomCheckConfig[]): {
  checks: PostureCheck[];
  errors: CustomCheckCompileError[];
} {
  const checks: PostureCheck[] = [];
  const errors: CustomCheckCompileError[] = [];
  for (const config of configs) {
    let program: ReturnType<typeof plan>;
    try {
      program = plan(env, parse(config.expression));
    } catch (e) {
      errors.push({
        id: config.id,
        expression: config.expression,
        error: firstLine((e as Error).message),
      });
      continue;
    }
    const message = config.message ?? config.title;
    checks.push({
      definition: {
        id: config.id,
        title: config.title,
        category: 'custom',
        severity: config.severity,
        rationale: `Custom check: ${config.expression}`,
        remediation: config.remediation ?? message,
        remediationYaml: '',
        references: [],
      },
      kinds: config.kinds,
      evaluate(subject) {
        const result = program({ object: subject.object as any });
        if (isCelError(result)) {
          return [{ message: `${message} (${firstLine(result.message)})` }];
        }
        if (result === true) return [];
        if (result === false) return [{ message }];
        return [{ message: `${message} (expression did not return a bool)` }];
      },
    });
  }
  return { checks, errors };
}
