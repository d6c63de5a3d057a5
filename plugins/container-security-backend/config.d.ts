import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the container-security plugin suite. */
  containerSecurity?: {
    workloads?: {
      /**
       * Manifest folders or files read as workload sources, each reported as one cluster.
       * Relative paths resolve against the backend's working directory. The demo portal reads
       * `examples/manifests` this way; in production, live clusters come from the `kubernetes`
       * configuration instead.
       */
      manifests?: Array<{
        /** The name the workloads are reported under, as if it were a cluster name. */
        name: string;
        /** Files or folders; `.yaml`, `.yml` and `.json` files are read recursively. */
        paths: string[];
      }>;
      /**
       * How often every workload source is synced into the database.
       * Defaults to every 5 minutes, with a 2 minute timeout.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
