import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import Router from 'express-promise-router';
import { containerSecurityPermissions } from '@containersec/plugin-container-security-common';
import { sharedPostureChecksServiceRef } from '@containersec/plugin-container-security-node';
import { setUpAudit } from './audit';
import { setUpCost } from './cost';
import { setUpFalco } from './falco';
import { createHealthRouter } from './http/createHealthRouter';
import { createErrorHandler } from './http/errorHandler';
import { openDatabase } from './migrations/openDatabase';
import { setUpNetwork } from './network';
import { setUpPosture } from './posture';
import { registerExtensionPoints } from './registerExtensionPoints';
import { setUpResponders } from './responders';
import { setUpScorecards } from './scorecards';
import { SignalCoalescer } from './signals/SignalCoalescer';
import { setUpVulnerabilities } from './vulnerabilities';
import { setUpWorkloads } from './workloads';
import { publishWorkloadSynced } from './workloads/publishWorkloadSynced';

/**
 * The container-security backend plugin, served under `/api/container-security`.
 *
 * @public
 */
export const containerSecurityPlugin = createBackendPlugin({
  pluginId: 'container-security',
  register(env) {
    const added = registerExtensionPoints(env);
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        signals: signalsServiceRef,
        notifications: notificationService,
        auditor: coreServices.auditor,
        sharedChecks: sharedPostureChecksServiceRef,
      },
      async init({ httpRouter, ...deps }) {
        deps.permissionsRegistry.addPermissions(containerSecurityPermissions);
        const db = await openDatabase(deps.database);
        // Live updates coalesced per channel: with the events bus each publish is a call.
        const signals = SignalCoalescer.create(deps);
        const shared = { ...deps, httpRouter, db, signals, added };

        // Each router parses its own bodies, so the order below is only that of the
        // after-sync steps: vulnerability reports, posture snapshots, Falco re-attribution.
        const workloads = setUpWorkloads(shared);
        const ctx = { ...shared, workloads };
        const vulnerabilities = setUpVulnerabilities(ctx);
        const posture = setUpPosture(ctx);
        const falco = await setUpFalco(ctx);
        const responders = await setUpResponders({ ...ctx, falco });
        const { onRiskyEventsStored } = responders;
        const routers = [
          createHealthRouter(httpRouter),
          workloads.router,
          vulnerabilities.router,
          posture.router,
          await setUpScorecards({ ...ctx, postureStore: posture.store }),
          setUpNetwork(ctx),
          await setUpCost(ctx),
          await setUpAudit({ ...ctx, onRiskyEventsStored }),
          falco.router,
          responders.router,
        ];
        // Each behind its own error handler: Express passes an error on to the next
        // error handler of the same router, never into a sibling router.
        const errors = createErrorHandler(deps.logger);
        for (const router of routers)
          httpRouter.use(Router().use(router, errors));
        // Last after-sync step: pages waiting on a rescan reload once the steps above ran.
        workloads.sync.addAfterSync(() =>
          publishWorkloadSynced(signals, new Date()),
        );
        await workloads.startSync();
      },
    });
  },
});
