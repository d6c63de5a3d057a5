import { applyDefaults } from './applyDefaults';
import { InputError } from '@backstage/errors';
import { readWorkspaceManifests } from './readWorkspaceManifests';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GRADES,
  SEVERITIES,
  Severity,
} from '@containersec/plugin-container-security-common';
import {
  PostureCheck,
  PostureRules,
  scanPosture,
} from '@containersec/plugin-container-security-node';

/** Grades from best to worst, as the non-empty tuple `z.enum` takes. */
const [BEST_GRADE, ...LOWER_GRADES] = GRADES;

/**
 * Id of the action, in the suite's `container-security:<entity>:<verb>` form.
 *
 * @public
 */
export const VALIDATE_POSTURE_ACTION_ID =
  'container-security:manifests:validate';

/**
 * Runs the posture checks over the manifests a template generated and fails the run when
 * a finding reaches `failOn`, so a template cannot produce a service that is not secure by
 * default. Uses the same rules (`containerSecurity.posture`) as the backend and the CLI.
 *
 * @public
 */
export function createValidatePostureAction(options: {
  rules: PostureRules;
  /** Checks beyond the built-in catalogue, as the backend runs them. */
  extraChecks?: () => readonly PostureCheck[];
}) {
  return createTemplateAction({
    id: VALIDATE_POSTURE_ACTION_ID,
    description:
      'Checks generated Kubernetes manifests against the container-security posture checks',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Grade A and no medium finding: a public load balancer is a medium finding, so the two promises differ',
        example: [
          'steps:',
          '  - id: validate-posture',
          `    action: ${VALIDATE_POSTURE_ACTION_ID}`,
          '    input:',
          '      path: k8s',
          '      failOn: medium',
          '      minGrade: A',
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
        failOn: z =>
          z
            .enum(SEVERITIES)
            .optional()
            .describe('Fail when a finding is at or above this severity'),
        minGrade: z =>
          z
            .enum([BEST_GRADE, ...LOWER_GRADES])
            .optional()
            .describe(
              'Fail when the grade of the workloads found is below this (or no workload is found)',
            ),
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
      const input = applyDefaults(ctx.input, {
        path: '.',
        failOn: 'high' as const,
      });
      const objects = await readWorkspaceManifests(
        ctx.workspacePath,
        input.path,
      );
      const result = scanPosture(objects, {
        rules: options.rules,
        now: new Date(),
        extraChecks: options.extraChecks?.(),
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
      const limit = SEVERITIES.indexOf(input.failOn as Severity);
      const blocking = findings.filter(
        f => SEVERITIES.indexOf(f.severity as Severity) <= limit,
      );
      ctx.logger.info(
        `Posture ${result.grade ?? '-'} (${result.score ?? '-'}/100), ${
          findings.length
        } findings, ${blocking.length} at or above ${input.failOn}`,
      );
      const { minGrade } = input;
      if (
        minGrade &&
        (!result.grade ||
          GRADES.indexOf(result.grade) > GRADES.indexOf(minGrade))
      ) {
        throw new InputError(
          result.grade
            ? `Generated manifests grade ${result.grade} (${
                result.score
              }/100), below ${minGrade}: ${findings
                .slice(0, 10)
                .map(f => `${f.checkId} (${f.severity}) on ${f.resource}`)
                .join('; ')}`
            : `Generated manifests hold no workload to grade (minGrade ${minGrade})`,
        );
      }
      if (blocking.length > 0) {
        throw new InputError(
          `Generated manifests fail ${
            blocking.length
          } posture check(s) at or above ${input.failOn}: ${blocking
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
