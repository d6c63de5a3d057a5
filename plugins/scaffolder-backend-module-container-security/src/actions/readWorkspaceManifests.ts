import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ManifestObject,
  ManifestParseError,
  readManifestFiles,
} from '@containersec/plugin-container-security-node';
import path from 'path';

/**
 * Reads the manifests under a path of the workspace (never outside it). A broken file
 * fails the run with its workspace-relative name and line instead of being skipped.
 */
export async function readWorkspaceManifests(
  workspacePath: string,
  relativePath: string,
): Promise<ManifestObject[]> {
  const target = resolveSafeChildPath(workspacePath, relativePath);
  try {
    return await readManifestFiles([target]);
  } catch (e) {
    if (e instanceof ManifestParseError) {
      const file = path.relative(workspacePath, e.file);
      throw new InputError(`${file}:${e.line}: ${e.problem}`);
    }
    throw e;
  }
}
