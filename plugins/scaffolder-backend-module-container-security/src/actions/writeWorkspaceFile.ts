import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { promises as fs } from 'fs';
import path from 'path';

/**
 * Writes a file in the workspace (never outside it), replacing what is there: running the
 * same step again writes the same bytes, so a retried run is harmless.
 */
export async function writeWorkspaceFile(
  workspacePath: string,
  relativePath: string,
  content: string,
): Promise<string> {
  const target = resolveSafeChildPath(workspacePath, relativePath);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, content, 'utf8');
  return path.relative(workspacePath, target);
}
