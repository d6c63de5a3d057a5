import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { resolve } from 'path';
import {
  RESPONDER_RULE_MODES,
  ResponderRuleMode,
} from '@containersec/plugin-container-security-common';

const KEY = 'containerSecurity.responders';
/** Lambda retries asynchronous invocations for up to 6 hours; idempotency keys must outlive that. */
export const MIN_RETENTION_MS = 6 * 3_600_000;

/** One allow-listed function. */
export interface ResponderFunctionConfig {
  name: string;
  description?: string;
}

/** `containerSecurity.responders`, read and checked. */
export interface RespondersConfig {
  killSwitch: boolean;
  /** Absolute paths. */
  rulesFiles: string[];
  ruleModes: Record<string, ResponderRuleMode>;
  approvalTimeoutMs: number;
  retentionMs: number;
  limits: {
    ruleCooldownMs: number;
    serviceCooldownMs: number;
    maxActionsPerHour: number;
  };
  functions: ResponderFunctionConfig[];
  actionners: Record<string, string>;
  lambda: {
    region: string;
    endpoint?: string;
    timeoutMs: number;
    maxRetries: number;
    accountId?: string;
  };
}

function duration(config: Config, key: string, fallbackMs: number): number {
  if (!config.has(key)) return fallbackMs;
  try {
    return durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (e) {
    throw new Error(`${KEY}.${key}: ${(e as Error).message}`);
  }
}

function nonNegativeInteger(config: Config, key: string, fallback: number) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${KEY}.${key} must be a whole number ≥ 0, not ${value}`);
  }
  return value;
}

function rawMap(config: Config, key: string): Record<string, unknown> {
  const value = config.getOptional(key);
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${KEY}.${key} must be a map`);
  }
  return value as Record<string, unknown>;
}

/**
 * Reads `containerSecurity.responders`; undefined when the block is absent (the feature
 * is off). Throws an Error naming the key on anything invalid, so start-up fails.
 * Relative rules files resolve against `workingDirectory`.
 */
export function readRespondersConfig(
  root: Config,
  workingDirectory: string,
): RespondersConfig | undefined {
  const config = root.getOptionalConfig(KEY);
  if (!config) return undefined;

  const functions = (config.getOptionalConfigArray('functions') ?? []).map(
    f => ({
      name: f.getString('name'),
      description: f.getOptionalString('description'),
    }),
  );
  const names = new Set<string>();
  for (const f of functions) {
    // Function names, ARNs and partial ARNs as Lambda accepts them.
    if (!/^[A-Za-z0-9:_.$-]{1,170}$/.test(f.name)) {
      throw new Error(
        `${KEY}.functions: '${f.name}' is not a Lambda function name`,
      );
    }
    if (names.has(f.name)) {
      throw new Error(`${KEY}.functions: '${f.name}' is listed twice`);
    }
    names.add(f.name);
  }

  // Rule names and actionners are not valid config keys (spaces, colons): read raw.
  const ruleModes: Record<string, ResponderRuleMode> = {};
  for (const [rule, mode] of Object.entries(rawMap(config, 'ruleModes'))) {
    if (!(RESPONDER_RULE_MODES as readonly unknown[]).includes(mode)) {
      throw new Error(
        `${KEY}.ruleModes['${rule}'] must be one of ${RESPONDER_RULE_MODES.join(
          ', ',
        )}, not '${String(mode)}'`,
      );
    }
    ruleModes[rule] = mode as ResponderRuleMode;
  }

  const actionners: Record<string, string> = {};
  for (const [actionner, fn] of Object.entries(rawMap(config, 'actionners'))) {
    if (typeof fn !== 'string' || !names.has(fn)) {
      throw new Error(
        `${KEY}.actionners['${actionner}'] names '${String(
          fn,
        )}', which is not in ${KEY}.functions`,
      );
    }
    actionners[actionner] = fn;
  }

  const retentionMs = duration(config, 'retention', 90 * 86_400_000);
  if (retentionMs < MIN_RETENTION_MS) {
    throw new Error(
      `${KEY}.retention must be at least 6 hours: Lambda retries asynchronous invocations for up to 6 hours and the action id is their idempotency key`,
    );
  }
  const approvalTimeoutMs = duration(config, 'approvalTimeout', 4 * 3_600_000);
  if (approvalTimeoutMs <= 0) {
    throw new Error(`${KEY}.approvalTimeout must be positive`);
  }
  const lambda = config.getOptionalConfig('lambda');
  const endpoint = lambda?.getOptionalString('endpoint');
  if (endpoint && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    throw new Error(`${KEY}.lambda.endpoint must be an http(s) URL`);
  }
  const timeoutMs = duration(config, 'lambda.timeout', 30_000);
  if (timeoutMs <= 0) throw new Error(`${KEY}.lambda.timeout must be positive`);

  return {
    killSwitch: config.getOptionalBoolean('killSwitch') ?? false,
    rulesFiles: (config.getOptionalStringArray('rulesFiles') ?? []).map(p =>
      resolve(workingDirectory, p),
    ),
    ruleModes,
    approvalTimeoutMs,
    retentionMs,
    limits: {
      ruleCooldownMs: duration(config, 'limits.ruleCooldown', 600_000),
      serviceCooldownMs: duration(config, 'limits.serviceCooldown', 120_000),
      maxActionsPerHour: nonNegativeInteger(
        config,
        'limits.maxActionsPerHour',
        30,
      ),
    },
    functions,
    actionners,
    lambda: {
      region:
        lambda?.getOptionalString('region') ??
        process.env.AWS_REGION ??
        'us-east-1',
      endpoint,
      timeoutMs,
      maxRetries: nonNegativeInteger(config, 'lambda.maxRetries', 3),
      accountId: lambda?.getOptionalString('accountId'),
    },
  };
}
