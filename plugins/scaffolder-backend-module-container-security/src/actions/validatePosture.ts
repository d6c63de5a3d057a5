import { InputError } from '@backstage/errors';
import { readWorkspaceManifests } from './readWorkspaceManifests';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  SEVERITIES,
  Severity,
} from '@containersec/plugin-container-security-common';
import {
  PostureRules,
  scanPosture,
} from '@containersec/plugin-container-security-node';

/** Id of the action, in the suite's `container-security:<entity>:<verb>` form. */
export const VALIDATE_POSTURE_ACTION_ID =
  'container-security:manifests:validate';

/**
 * Runs the posture checks over the manifests a template generated and fails the run when
 * a finding reaches `failOn`, so a template cannot produce a service that is not secure by
 * default. Uses the same rules (`containerSecurity.posture`) as the backend and the CLI.
 */
export function createValidatePostureAction(options: { rules: PostureRules }) {
  return createTemplateAction({
    id: VALIDATE_POSTURE_ACTION_ID,
    description:
      'Checks generated Kubernetes manifests against the container-security posture checks',
    schema: {
      input: {
        path: z =>
          z
            .string()
            .default('.')
            .describe('File or folder, relative to the workspace'),
        failOn: z =>
          z
            .enum(SEVERITIES)
            .default('high')
            .describe('Fail when a finding is at or above this severity'),
      },
      output: {
        score: z =>
          z.number().optional().describe('0–100 over the workloads found'),
        grade: z => z.string().optional(),
        findings: z =>
          z
            .array(
              z.object({
                checkId: z.string(),
                severity: z.string(),
                resource: z.string(),
                container: z.string().optional(),
                message: z.string(),
              }),
            )
            .describe('Findings that count, after rules and exemptions'),
      },
    },
    async handler(ctx) {
      const objects = await readWorkspaceManifests(
        ctx.workspacePath,
        ctx.input.path,
      );
      const result = scanPosture(objects, {
        rules: options.rules,
        now: new Date(),
      });
      const findings = result.findings.map(f => ({
        checkId: f.checkId,
        severity: f.severity,
        resource: `${f.resource.kind}/${f.resource.namespace ?? ''}/${
          f.resource.name
        }`,
        container: f.container,
        message: f.message,
      }));
      ctx.output('score', result.score);
      ctx.output('grade', result.grade);
      ctx.output('findings', findings);
      const limit = SEVERITIES.indexOf(ctx.input.failOn as Severity);
      const blocking = findings.filter(
        f => SEVERITIES.indexOf(f.severity as Severity) <= limit,
      );
      ctx.logger.info(
        `Posture ${result.grade ?? '-'} (${result.score ?? '-'}/100), ${
          findings.length
        } findings, ${blocking.length} at or above ${ctx.input.failOn}`,
      );
      if (blocking.length > 0) {
        throw new InputError(
          `Generated manifests fail ${
            blocking.length
          } posture check(s) at or above ${ctx.input.failOn}: ${blocking
            .slice(0, 10)
            .map(
              f =>
                `${f.checkId} on ${f.resource}${
                  f.container ? ` (${f.container})` : ''
                }`,
            )
            .join('; ')}`,
        );
      }
    },
  });
}
