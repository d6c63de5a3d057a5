import path from 'path';
import {
  ClusterReadResult,
  readManifestFiles,
  workloadFromObject,
  WorkloadSource,
} from '@containersec/plugin-container-security-node';
import { isError } from '@backstage/errors';

/**
 * Workloads read from manifest files: the demo portal's embedded default, and offline
 * scanning of a repository's manifests. One configured entry is reported as one cluster.
 */
export class ManifestWorkloadSource implements WorkloadSource {
  readonly id: string;

  static fromEntry(entry: { name: string; paths: string[] }, cwd: string) {
    return new ManifestWorkloadSource(
      entry.name,
      entry.paths.map(p => path.resolve(cwd, p)),
    );
  }

  private constructor(
    private readonly name: string,
    private readonly paths: string[],
  ) {
    this.id = `manifests:${name}`;
  }

  async readWorkloads(): Promise<ClusterReadResult[]> {
    const observedAt = new Date().toISOString();
    try {
      const objects = await readManifestFiles(this.paths);
      const workloads = objects.flatMap(({ object }) => {
        const w = workloadFromObject(object, {
          cluster: this.name,
          source: this.id,
          observedAt,
        });
        return w ? [w] : [];
      });
      return [{ cluster: this.name, ok: true, workloads, objects }];
    } catch (e) {
      return [
        {
          cluster: this.name,
          ok: false,
          message: isError(e) ? e.message : String(e),
          workloads: [],
        },
      ];
    }
  }
}
