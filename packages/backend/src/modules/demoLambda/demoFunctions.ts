import { IAMClient } from '@aws-sdk/client-iam';
import { handlerFactories, KubeClient } from '@containersec/example-responders';
import { LocalFunction } from './LocalLambdaServer';

/**
 * The example responders, wired to the demo's fake Kubernetes and IAM APIs that the
 * local endpoint serves at `baseUrl`. The credentials are fixed dummies: the fake IAM
 * checks no signature and nothing real can be reached with them.
 */
export function demoFunctions(baseUrl: string): Record<string, LocalFunction> {
  const kube = new KubeClient({
    apiUrl: `${baseUrl}/_demo/k8s`,
    token: async () => 'demo-only-token',
  });
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint: `${baseUrl}/_demo/iam`,
    credentials: {
      accessKeyId: 'demo-local-only',
      secretAccessKey: 'demo-only',
    },
    maxAttempts: 1,
  });
  const functions: Record<string, LocalFunction> = {};
  for (const [name, create] of Object.entries(handlerFactories)) {
    // A handler per invocation, so each invocation's log lines go to its own tail.
    functions[name] = (payload, log) => create({ kube, iam, log })(payload);
  }
  return functions;
}
