import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createInspectManifestsAction } from './actions/inspectManifests';

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
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createInspectManifestsAction());
      },
    });
  },
});
