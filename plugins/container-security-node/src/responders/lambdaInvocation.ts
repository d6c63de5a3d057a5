import {
  LAMBDA_INVOCATION_TYPES,
  LambdaInvocationType,
} from '@containersec/plugin-container-security-common';

/**
 * Talon's Lambda actionner.
 *
 * @public
 */
export const TALON_LAMBDA_ACTIONNER = 'aws:lambda';

/** The parameters Talon's `aws:lambda` actionner reads. */
const LAMBDA_PARAMETERS = new Set([
  'aws_lambda_name',
  'aws_lambda_alias_or_version',
  'aws_lambda_invocation_type',
]);

/**
 * Talon actionners whose default `continue` is false: once they ran, the rule's later
 * actions do not (the pod is gone, or the capture holds it). Every other actionner
 * continues by default.
 */
const STOPPING_ACTIONNERS = new Set([
  'kubernetes:terminate',
  'kubernetes:delete',
  'kubernetes:sysdig',
  'kubernetes:tcpdump',
]);

/** Talon's default `continue` for an actionner. */
export function defaultContinue(actionner: string): boolean {
  return !STOPPING_ACTIONNERS.has(actionner);
}

/** The Lambda invocation an action stands for. */
export interface LambdaInvocation {
  functionName: string;
  qualifier: string;
  invocationType: LambdaInvocationType;
}

/**
 * The effective invocation of an action, or a list of problems.
 * `aws:lambda` reads its own parameters; a mapped actionner invokes its mapped function
 * (`$LATEST`, `RequestResponse`) with its Talon parameters passed through as they are.
 */
export function resolveLambdaInvocation(
  actionner: string,
  parameters: Record<string, unknown>,
  actionners: Readonly<Record<string, string>>,
): LambdaInvocation | string[] {
  if (actionner !== TALON_LAMBDA_ACTIONNER) {
    const functionName = Object.prototype.hasOwnProperty.call(
      actionners,
      actionner,
    )
      ? actionners[actionner]
      : undefined;
    if (typeof functionName !== 'string' || functionName === '') {
      return [
        `actionner '${actionner}' is not mapped to a responder function (map it in containerSecurity.responders.actionners, or use aws:lambda)`,
      ];
    }
    return {
      functionName,
      qualifier: '$LATEST',
      invocationType: 'RequestResponse',
    };
  }

  const problems: string[] = [];
  for (const key of Object.keys(parameters)) {
    if (!LAMBDA_PARAMETERS.has(key)) {
      problems.push(
        `unknown aws:lambda parameter '${key}' (expected ${[
          ...LAMBDA_PARAMETERS,
        ].join(', ')})`,
      );
    }
  }
  const name = parameters.aws_lambda_name;
  if (typeof name !== 'string' || name.trim() === '') {
    problems.push('aws:lambda needs parameters.aws_lambda_name (a string)');
  }
  const qualifier = parameters.aws_lambda_alias_or_version ?? '';
  if (typeof qualifier !== 'string' && typeof qualifier !== 'number') {
    problems.push(
      'aws_lambda_alias_or_version must be a string (an alias or a version)',
    );
  }
  const invocationType = parameters.aws_lambda_invocation_type ?? '';
  if (
    invocationType !== '' &&
    !(LAMBDA_INVOCATION_TYPES as readonly unknown[]).includes(invocationType)
  ) {
    problems.push(
      `aws_lambda_invocation_type '${String(
        invocationType,
      )}' is not one of ${LAMBDA_INVOCATION_TYPES.join(', ')}`,
    );
  }
  if (problems.length > 0) return problems;
  return {
    functionName: (name as string).trim(),
    // A version written unquoted (`aws_lambda_alias_or_version: 3`) is a YAML number.
    qualifier: String(qualifier) === '' ? '$LATEST' : String(qualifier),
    invocationType: (invocationType ||
      'RequestResponse') as LambdaInvocationType,
  };
}
