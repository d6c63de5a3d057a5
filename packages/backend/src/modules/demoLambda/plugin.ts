import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readDemoLambdaConfig } from './config';
import { demoFunctions } from './demoFunctions';
import { FakeIam } from './FakeIam';
import { FakeKubernetes } from './FakeKubernetes';
import { LocalLambdaServer } from './LocalLambdaServer';

/**
 * Demo only: a local Lambda-compatible endpoint running the example responders against
 * an in-memory cluster and IAM, so the portal's responder loop works without AWS. It
 * starts only when `containerSecurityDemo.localLambda` is configured, and listens on
 * 127.0.0.1; point `containerSecurity.responders.lambda.endpoint` at it.
 */
export const demoLocalLambdaPlugin = createBackendPlugin({
  pluginId: 'container-security-demo-lambda',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const demo = readDemoLambdaConfig(config, process.cwd());
        if (!demo) {
          return;
        }
        const kubernetes = await FakeKubernetes.fromManifests(demo.manifests);
        const iam = demo.cloudTrail
          ? await FakeIam.fromCloudTrail(demo.cloudTrail)
          : new FakeIam([]);
        const server = await LocalLambdaServer.start({
          port: demo.port,
          region: demo.region,
          accountId: '000000000000',
          functions: demoFunctions,
          kubernetes,
          iam,
          logger,
        });
        logger.info(
          `Demo local Lambda endpoint on ${server.url} (the example responders on a fake cluster; state at ${server.url}/_demo/state)`,
        );
        lifecycle.addShutdownHook(() => server.stop());
      },
    });
  },
});
