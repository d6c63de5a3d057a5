import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

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
    /**
     * Customisation of the posture checks. The same block is read by
     * `yarn container-security scan --config app-config.yaml`.
     */
    posture?: {
      /** Registries images may come from (prefix match); empty or absent allows any. */
      allowedRegistries?: string[];
      /** Turn checks off or change their severity, everywhere or for some namespaces or entities. */
      rules?: Array<{
        /** Check id, as listed by `yarn container-security checks`. */
        check: string;
        enabled?: boolean;
        severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
        namespaces?: string[];
        /** Entity refs, e.g. `component:default/payments-api`. */
        entities?: string[];
      }>;
      /** Accepted findings, each with a reason, an owner and optionally an expiry date. */
      exemptions?: Array<{
        check: string;
        namespace?: string;
        kind?: string;
        name?: string;
        /** Narrows the exemption to one container, e.g. an injected mesh sidecar. */
        container?: string;
        reason: string;
        /** Who answers for it, e.g. `group:default/platform-team`. */
        owner: string;
        /** Last day it applies (YYYY-MM-DD, UTC); afterwards it is shown as expired. */
        expires?: string;
      }>;
      /** Checks written in CEL over the Kubernetes object (bound to `object`). */
      customChecks?: Array<{
        id: string;
        title: string;
        severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
        kinds: string[];
        /** Must evaluate to true for the object to pass, as in a ValidatingAdmissionPolicy. */
        expression: string;
        message?: string;
        remediation?: string;
      }>;
    };
    /** Scorecards: levels, campaigns and how risk is judged. */
    scorecards?: {
      /**
       * How often per-entity snapshots are stored (trends, scorecards); at most once per sync.
       * Defaults to 1 hour.
       */
      snapshotInterval?: HumanDuration | string;
      /**
       * Levels, lowest first; an entity reaches a level when none of its checks, nor those of
       * the levels below, fail. Defaults to Bronze (no critical check fails), Silver (no high
       * either) and Gold (no medium either).
       */
      levels?: Array<{ name: string; checks: string[] }>;
      /** Goals for a set of services, with an owner and a deadline. */
      campaigns?: Array<{
        id: string;
        title: string;
        owner: string;
        /** YYYY-MM-DD */
        deadline: string;
        goal: { level?: string; minScore?: number };
        /** Limits the campaign to these owner refs; all entities otherwise. */
        owners?: string[];
        /** Limits the campaign to these system refs. */
        systems?: string[];
      }>;
      /**
       * Impact of a compromise by `spec.lifecycle`, for the risk matrix; unlisted lifecycles
       * are `medium`. Defaults: production high, experimental low.
       */
      impactByLifecycle?: { [lifecycle: string]: 'low' | 'medium' | 'high' };
    };
    /** Image vulnerability sources; results are refreshed after every workload sync. */
    vulnerabilities?: {
      /** Trivy JSON reports (`trivy image --format json`), files or folders, relative to the backend's working directory. */
      trivy?: { paths?: string[] };
      /**
       * Amazon Inspector findings for ECR images, read in each image's account and region
       * with credentials from the `aws` integration config.
       */
      inspector?: { enabled?: boolean };
    };
  };
}
