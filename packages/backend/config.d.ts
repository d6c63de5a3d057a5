export interface Config {
  /**
   * Demo portal only: settings of the demo backend's own modules. Not part of the
   * container-security plugins; a real deployment leaves this block out.
   */
  containerSecurityDemo?: {
    /**
     * Where `demo:publish:local` keeps the scaffolded services' bare repositories
     * (`git/`), manifests (`manifests/`, read by the demo's workload source) and catalog
     * entities (`catalog/`). Relative to the backend's working directory; default
     * `../../.demo-scaffolder` (git-ignored).
     */
    localPublish?: {
      /** False: no `demo:publish:local` action and no entity provider. Default true. */
      enabled?: boolean;
      root?: string;
    };
    /**
     * A local Lambda-compatible endpoint (the `Invoke` API on 127.0.0.1) that runs the
     * example responders of `examples/responders` against an in-memory Kubernetes API
     * and IAM, so the responder loop works without an AWS account. Point
     * `containerSecurity.responders.lambda.endpoint` at `http://127.0.0.1:<port>`.
     * Absent: nothing starts.
     */
    localLambda?: {
      /** False turns it off (production overrides do). Default true. */
      enabled?: boolean;
      /** The loopback port to listen on. Default 7009. */
      port?: number;
      /**
       * Folders of Kubernetes manifests (relative to the backend's working directory)
       * whose Deployments and StatefulSets seed the fake cluster.
       */
      manifests?: string[];
      /**
       * A folder of CloudTrail log files (`.json.gz`) whose IAM users and access keys
       * seed the fake IAM.
       */
      cloudTrail?: string;
    };
  };
  auth?: {
    providers?: {
      /**
       * Browser test only (packages/backend/src/modules/demoUsersAuth.ts): sign in as
       * the catalog user named in the `x-demo-user` header of the refresh request, if it
       * is listed here. Works only in development unless
       * `dangerouslyAllowOutsideDevelopment`. Never configure it in a real deployment.
       */
      'demo-users'?: {
        /** User entity refs (or names in the default namespace) one may sign in as. */
        users: string[];
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
}
