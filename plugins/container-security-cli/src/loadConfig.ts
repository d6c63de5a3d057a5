import { ConfigReader } from '@backstage/config';
import { promises as fs } from 'fs';
import { parse } from 'yaml';

/**
 * Reads app-config files the way Backstage merges them (later files win). Only plain
 * values are read: the posture rules need no `$env`/`$file` substitution.
 */
export async function loadConfig(
  files: string[],
): Promise<ConfigReader | undefined> {
  if (files.length === 0) return undefined;
  const configs = await Promise.all(
    files.map(async file => ({
      context: file,
      data: (parse(await fs.readFile(file, 'utf8')) ?? {}) as any,
    })),
  );
  return ConfigReader.fromConfigs(configs);
}
