import { readWorkspaceManifests } from './readWorkspaceManifests';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { workloadFromObject } from '@containersec/plugin-container-security-node';

/**
 * Id of the action, in the suite's `container-security:<entity>:<verb>` form.
 *
 * @public
 */
export const INSPECT_MANIFESTS_ACTION_ID =
  'container-security:manifests:inspect';

/**
 * Reads the Kubernetes manifests a template generated and reports the workloads in
 * them, so later steps (and, in later stages, the posture and network-policy engines)
 * can work on what the new service will run. Broken manifests fail the run, naming the
 * file and line, rather than being skipped.
 *
 * @public
 */
export function createInspectManifestsAction() {
  return createTemplateAction({
    id: INSPECT_MANIFESTS_ACTION_ID,
    description:
      'Reads the Kubernetes manifests under a workspace path and lists the workloads they define',
    // reads only: the same in a dry run
    supportsDryRun: true,
    examples: [
      {
        description: 'Inspect the manifests a skeleton generated under ./k8s',
        example: [
          'steps:',
          '  - id: inspect',
          `    action: ${INSPECT_MANIFESTS_ACTION_ID}`,
          '    input:',
          '      path: k8s',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe('File or folder, relative to the workspace'),
      },
      output: {
        objectCount: z => z.number().describe('Kubernetes objects read'),
        workloads: z =>
          z
            .array(
              z.object({
                kind: z.string(),
                namespace: z.string(),
                name: z.string(),
                images: z.array(z.string()),
              }),
            )
            .describe('Workloads found, with the images they run'),
      },
    },
    async handler(ctx) {
      const objects = await readWorkspaceManifests(
        ctx.workspacePath,
        ctx.input.path ?? '.',
      );
      const workloads = objects.flatMap(({ object }) => {
        const w = workloadFromObject(object, {
          cluster: 'scaffolder',
          source: INSPECT_MANIFESTS_ACTION_ID,
          observedAt: new Date().toISOString(),
        });
        return w
          ? [
              {
                kind: w.kind,
                namespace: w.namespace,
                name: w.name,
                images: w.containers.map(c => c.image),
              },
            ]
          : [];
      });
      ctx.logger.info(
        `Read ${objects.length} objects, ${workloads.length} workloads`,
      );
      ctx.output('objectCount', objects.length);
      ctx.output('workloads', workloads);
    },
  });
}
