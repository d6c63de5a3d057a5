import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createInspectManifestsAction } from './actions/inspectManifests';
import { createValidatePostureAction } from './actions/validatePosture';
import { readPostureRules } from '@containersec/plugin-container-security-node';

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
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          createInspectManifestsAction(),
          createValidatePostureAction({ rules: readPostureRules(config) }),
        );
      },
    });
  },
});
