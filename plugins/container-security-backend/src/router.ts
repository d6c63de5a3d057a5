// Old entry kept until bench/posture/scorecards.ts builds its router from
// `scorecards/router.ts`; the plugin itself mounts one router per feature.
import Router from 'express-promise-router';
import { createPostureRouter } from './posture/router';
import { createScorecardsRouter } from './scorecards/router';
import { createVulnerabilitiesRouter } from './vulnerabilities/router';
import { createWorkloadsRouter } from './workloads/router';

type Options = Parameters<typeof createWorkloadsRouter>[0] &
  Omit<Parameters<typeof createPostureRouter>[0], 'workloads'> &
  Parameters<typeof createScorecardsRouter>[0] &
  Parameters<typeof createVulnerabilitiesRouter>[0];

export async function createRouter(options: Options) {
  return Router().use(
    createWorkloadsRouter(options),
    createPostureRouter({ ...options, workloads: options.store }),
    createScorecardsRouter(options),
    createVulnerabilitiesRouter(options),
  );
}
