import { Config } from '@backstage/config';
import { resolve } from 'node:path';

const KEY = 'containerSecurityDemo.localLambda';

/** `containerSecurityDemo.localLambda`, read and checked (see config.d.ts). */
export interface DemoLambdaConfig {
  port: number;
  /** Absolute folders of example manifests that seed the fake Kubernetes API. */
  manifests: string[];
  /** Absolute folder of CloudTrail log files that seeds the fake IAM. */
  cloudTrail?: string;
  region: string;
}

/** Undefined when the block is absent or disabled: then the demo endpoint does not start. */
export function readDemoLambdaConfig(
  root: Config,
  workingDirectory: string,
): DemoLambdaConfig | undefined {
  const config = root.getOptionalConfig(KEY);
  // `enabled: false` lets an override (app-config.production.yaml) turn the demo off,
  // since a later config file cannot remove a key an earlier one set.
  if (!config || config.getOptionalBoolean('enabled') === false) {
    return undefined;
  }
  const port = config.getOptionalNumber('port') ?? 7009;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${KEY}.port must be a TCP port number, not ${port}`);
  }
  const cloudTrail = config.getOptionalString('cloudTrail');
  return {
    port,
    manifests: (config.getOptionalStringArray('manifests') ?? []).map(path =>
      resolve(workingDirectory, path),
    ),
    cloudTrail: cloudTrail ? resolve(workingDirectory, cloudTrail) : undefined,
    // ARNs in error messages name the region the backend's Lambda client uses.
    region:
      root.getOptionalString('containerSecurity.responders.lambda.region') ??
      'eu-west-1',
  };
}
