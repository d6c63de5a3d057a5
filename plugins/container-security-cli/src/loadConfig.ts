import { ConfigReader } from '@backstage/config';
import { InputError, isError } from '@backstage/errors';
import {
  ConfigSources,
  FileConfigSource,
  loadConfigSchema,
} from '@backstage/config-loader';
import type { AppConfig } from '@backstage/config';
import { resolve as resolvePath } from 'path';

/**
 * The packages whose config schemas apply: -node declares the `containerSecurity.posture` block
 * it reads. Resolved from this file, not the working directory, so an installed CLI finds them
 * wherever it runs; their dependencies are left out (they would require `app`, `backend`…).
 */
const SCHEMA_PACKAGES = [
  require.resolve('@containersec/plugin-container-security-node/package.json'),
];

/**
 * Reads app-config files as a Backstage backend does: later files win, `$env`, `$file` and
 * `$include` are resolved, `${VAR}` is substituted from `env`, and the result is checked against
 * the suite's config schema (a value of the wrong type fails with the key's path).
 */
export async function loadConfig(
  files: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<ConfigReader | undefined> {
  if (files.length === 0) return undefined;
  const env = options.env ?? process.env;
  const source = ConfigSources.merge(
    files.map(file =>
      FileConfigSource.create({
        path: resolvePath(file),
        watch: false,
        substitutionFunc: async name => env[name]?.trim(),
      }),
    ),
  );
  let appConfigs: AppConfig[];
  try {
    appConfigs = await readOnce(source);
  } catch (e) {
    // A missing or unparseable file, a missing `$env` variable or `$include` target: bad input.
    throw new InputError(
      `cannot read the configuration: ${isError(e) ? e.message : String(e)}`,
    );
  }
  const schema = await loadConfigSchema({
    dependencies: [],
    packagePaths: SCHEMA_PACKAGES,
    excludePackageDependencies: true,
  });
  try {
    // One error naming every key that does not match its declared type.
    return ConfigReader.fromConfigs(
      schema.process(appConfigs, { withDeprecatedKeys: false }),
    );
  } catch (e) {
    throw new InputError(
      `invalid configuration: ${isError(e) ? e.message : String(e)}`,
    );
  }
}

async function readOnce(
  source: ReturnType<typeof ConfigSources.merge>,
): Promise<AppConfig[]> {
  // Without watching, a source yields its data once and then ends.
  for await (const { configs } of source.readConfigData()) {
    return configs;
  }
  return [];
}
