import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  readPostureRules,
  sharedPostureChecksServiceRef,
} from '@containersec/plugin-container-security-node';
import path from 'path';
import { createGenerateIamPolicyAction } from './actions/generateIamPolicy';
import { createGenerateNetworkPolicyAction } from './actions/generateNetworkPolicy';
import { createInspectManifestsAction } from './actions/inspectManifests';
import { createPlanServiceAction } from './actions/planService';
import { createValidateNetworkPolicyAction } from './actions/validateNetworkPolicy';
import { createValidatePostureAction } from './actions/validatePosture';

/**
 * Adds the container-security scaffolder actions.
 *
 * @public
 */
export const scaffolderModuleContainerSecurity = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'container-security',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        sharedChecks: sharedPostureChecksServiceRef,
      },
      async init({ scaffolder, config, catalog, sharedChecks }) {
        // The manifest sources the backend reads (containerSecurity.workloads.manifests,
        // paths relative to the working directory as there), for netpol:validate's cluster.
        const clusters = new Map(
          (
            config.getOptionalConfigArray(
              'containerSecurity.workloads.manifests',
            ) ?? []
          ).map(c => [
            c.getString('name'),
            c.getStringArray('paths').map(p => path.resolve(p)),
          ]),
        );
        scaffolder.addActions(
          createInspectManifestsAction(),
          createValidatePostureAction({
            rules: readPostureRules(config),
            // read at run time: the backend plugin publishes them when it starts
            extraChecks: () => sharedChecks.list(),
          }),
          createPlanServiceAction({ catalog }),
          createGenerateNetworkPolicyAction(),
          createGenerateIamPolicyAction(),
          createValidateNetworkPolicyAction({ clusters }),
        );
      },
    });
  },
});
