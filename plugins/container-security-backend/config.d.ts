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
    // `posture` is declared in -node's config.d.ts, next to readPostureRules, so the
    // scaffolder module and the CLI validate it too without depending on this package.
    /** Scorecards: levels, campaigns and how risk is judged. */
    scorecards?: {
      /**
       * How often per-entity snapshots are stored (trends, scorecards); at most once per sync.
       * Defaults to 1 hour.
       */
      snapshotInterval?: HumanDuration | string;
      /**
       * Retention of the per-entity snapshots (a global task): every snapshot is kept for
       * `keepAllFor`, then only the last of each entity per UTC day until `keepDailyFor`,
       * then none.
       */
      snapshotRetention?: {
        /** Default 14 days; at least 1 day. */
        keepAllFor?: HumanDuration | string;
        /** Default 365 days; 0 keeps the daily snapshots forever. */
        keepDailyFor?: HumanDuration | string | 0;
        /** How often the retention runs. Default every 6 hours. */
        frequency?: HumanDuration | string;
      };
      /**
       * Levels, lowest first; an entity reaches a level when none of its checks, nor those of
       * the levels below, fail, and its grade is at least the level's `minGrade` (A–F).
       * Defaults to Bronze (no critical check fails, at least D), Silver (no high either, at
       * least C) and Gold (no medium either, at least B).
       */
      levels?: Array<{ name: string; checks: string[]; minGrade?: string }>;
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
    /**
     * Audit activity from CloudTrail. Credentials come from the `aws` integration config
     * (accounts, role assumption), never from keys here.
     */
    audit?: {
      /** How often the audit sources run (global task). Default every 5 minutes, 30 minute timeout. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Incremental `LookupEvents` sync (needs `cloudtrail:LookupEvents`). */
      cloudtrail?: {
        /**
         * Request budget per account and region, shared by every caller in the process.
         * Default 1.5; CloudTrail allows 2, so at most 2.
         */
        requestsPerSecond?: number;
        /** Re-read before the checkpoint, for late-delivered events. Default 15 minutes. */
        overlap?: HumanDuration | string;
        /** How far back the first sync reads. Default 1 day; CloudTrail keeps 90 days. */
        lookback?: HumanDuration | string;
        /** A fixed endpoint for every client, e.g. a local fake or LocalStack. */
        endpoint?: string;
        accounts?: Array<{
          accountId: string;
          regions: string[];
          lookback?: HumanDuration | string;
        }>;
      };
      /**
       * CloudTrail log files as delivered to S3 (`AWSLogs/<account>/CloudTrail/<region>/…`,
       * gzip JSON), from a bucket (needs `s3:ListBucket` and `s3:GetObject`) or from a folder
       * with the same layout (relative to the backend's working directory).
       */
      logFiles?: Array<{
        name: string;
        bucket?: string;
        bucketRegion?: string;
        /** The account whose credentials (from the `aws` config) read the bucket. */
        bucketAccountId?: string;
        folder?: string;
        /** Key prefix before `AWSLogs/`. */
        prefix?: string;
        accounts?: string[];
        regions?: string[];
      }>;
      /** Switch risky-event rules off or change their severity, by rule id. */
      rules?: Array<{
        id: string;
        enabled?: boolean;
        severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
      }>;
      /** The AccessDenied burst rule: this many failures by one principal within the window. Default 10 in 5 minutes. */
      accessDeniedBurst?: { threshold?: number; windowMinutes?: number };
    };
    /** Falco runtime alerts (the other Falco keys share this block). */
    falco?: {
      /**
       * Senders allowed to post events. Falcosidekick sends the secret in the
       * `x-falco-secret` header (`webhook.customHeaders`); Falco's own http_output, which
       * cannot send headers, posts to `/api/container-security/falco/events/<id>/<secret>`.
       */
      sources?: Array<{
        /** 1-63 letters, digits, '.', '_' or '-'; recorded with each alert. */
        id: string;
        /**
         * At least 16 characters. Marked secret so Backstage redacts it from every log
         * line, including the request log that prints URLs.
         * @visibility secret
         */
        secret: string;
        /** Cluster recorded for this source's events (wins over event fields). */
        cluster?: string;
        /** Accept the secret in the URL path (the weaker option). Default true. */
        allowUrlSecret?: boolean;
      }>;
      ingest?: {
        /** Largest request body in bytes (NDJSON batches). Default 4194304 (4 MiB). */
        maxRequestBytes?: number;
        /** Largest single event in bytes. Default 65536. */
        maxEventBytes?: number;
        /**
         * Most events (NDJSON lines or JSON array elements) in one request; a request
         * with more is refused with 413 before any is parsed. Default 10000.
         */
        maxEventsPerRequest?: number;
        /**
         * Where events are spooled (synced to disk) while the database is unavailable,
         * relative to the backend's working directory. One directory per replica, on
         * persistent local disk. Default `.cache/falco-spool`.
         */
        spoolDirectory?: string;
        /** Most events per database write (group commit). Default 500. */
        batchMaxEvents?: number;
        /**
         * How long an acknowledgement waits for the database commit; after that the
         * events are synced to the spool and acknowledged from there while the database
         * write goes on (if it commits, the spool copy is dropped unread). Default 3 ms.
         */
        dbWriteTimeout?: HumanDuration | string;
        /**
         * What a sender's acknowledgement waits for. `database` (default): the commit, or
         * the spool when the commit is slower than `dbWriteTimeout` or fails. `spool`
         * (write-ahead): the events are synced to the spool, acknowledged, and moved into
         * the database within about 10 ms, in batches; faster (no database round trip
         * before the answer), and the spool directory must be on persistent disk per
         * replica.
         */
        acknowledgeAfter?: 'database' | 'spool';
        /** How often the spool is drained / the database probed. Default 1 second. */
        drainInterval?: HumanDuration | string;
        /**
         * `output_fields` keys naming the cluster, first match wins (Falcosidekick adds
         * its `customfields` to output_fields). Default `['cluster', 'k8s.cluster.name']`.
         */
        clusterFields?: string[];
        /** Hostname globs (`*` wildcard, case-insensitive) mapped to a cluster. */
        hostnameClusters?: Array<{ hostname: string; cluster: string }>;
        /**
         * Service principal subjects whose Backstage token may post events, e.g.
         * `plugin:container-security` (the demo replayer without a source) or a static
         * external-access token's `subject` exactly as configured. Any other service
         * token is refused with 403. Default: none (configured sources only).
         */
        allowedServicePrincipals?: string[];
        /**
         * A dedicated HTTP listener for the webhook, beside the Backstage route: the
         * same paths (`/falco/events`, `/falco/events/:sourceId/:secret`, with or
         * without `/api/container-security` in front), authentication and answers,
         * without the backend's shared middleware. For high event rates; absent by default.
         */
        listener?: {
          /** TCP port, e.g. 7008. */
          port: number;
          /** Interface to bind. Default `0.0.0.0`. */
          host?: string;
        };
      };
      /** Read events from a NATS JetStream stream fed by Falcosidekick's NATS output. */
      nats?: {
        /** Default true when the block is present. */
        enabled?: boolean;
        /** e.g. `nats://nats.falco.svc:4222`. */
        servers: string[];
        /** Stream name. Default `FALCO`. */
        stream?: string;
        /** Subjects the stream captures when it is created. Default `['falco.>']`. */
        subjects?: string[];
        /** Durable pull consumer shared by all replicas. Default `backstage-container-security`. */
        consumer?: string;
        /** Create the stream (file storage) when missing. Default true. */
        createStream?: boolean;
        /** Cluster recorded for events of this stream. */
        cluster?: string;
        /** Default 10000. */
        maxAckPending?: number;
        /** Default 30. */
        ackWaitSeconds?: number;
        /** Path of a NATS `.creds` file. */
        credsFile?: string;
        user?: string;
        /** @visibility secret */
        password?: string;
        /** @visibility secret */
        token?: string;
      };
      /** Deleting old alerts, by a global scheduled task. */
      retention?: {
        /** Delete alerts older than this (event time). Default 90 days; 0 disables. */
        maxAge?: HumanDuration | string;
        /** Keep only the newest this many alerts. Default 5000000; 0 disables. */
        maxCount?: number;
        /** How often retention runs. Default hourly. */
        frequency?: HumanDuration | string;
      };
      /** Notifications to the owning group of the service an alert is attributed to. */
      notifications?: {
        /** Default true. */
        enabled?: boolean;
        /** Alerts at or above this priority notify. Default `Critical`. */
        minPriority?:
          | 'Emergency'
          | 'Alert'
          | 'Critical'
          | 'Error'
          | 'Warning'
          | 'Notice'
          | 'Informational'
          | 'Debug';
        /**
         * Rate-limit window per service and rule: the first alert notifies at once, the
         * rest of the window are sent as one digest when it ends. Default 15 minutes.
         */
        window?: HumanDuration | string;
      };
      /** The demo's stand-in for Falco. */
      demo?: {
        /**
         * Posts example events through the real webhook, one per interval (global task).
         * Off unless this block is present.
         */
        replay?: {
          /** Default true when the block is present. */
          enabled?: boolean;
          /** JSON Lines file of events, relative to the backend's working directory. */
          path: string;
          /** Time between events. Default 7 seconds; at least 1 second. */
          interval?: HumanDuration | string;
          /**
           * A `sources[].id` whose secret to send. Default: the plugin's own service
           * token, which the webhook accepts like any Backstage service token.
           */
          sourceId?: string;
        };
      };
    };
    /**
     * Cost hints from workload CPU and memory metrics (CloudWatch Container Insights,
     * Prometheus or metric snapshot files), pulled on a schedule and served from the
     * database.
     */
    cost?: {
      /** How often the metrics are pulled. Default every 6 hours, first run after 1 minute. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** The metrics window the hints look at. Default 14 days. */
      window?: HumanDuration | string;
      /** The period of each data point. Default 5 minutes (at least 1 minute). */
      period?: HumanDuration | string;
      /** CloudWatch Container Insights; credentials come from the `aws` integration config. */
      cloudwatch?: {
        accounts?: Array<{
          /** 12-digit account id; absent: the integration's main account or default chain. */
          accountId?: string;
          regions: string[];
          /** EKS cluster names, as the workload sources name the clusters. */
          clusters: string[];
        }>;
      };
      /** Prometheus servers with cAdvisor and kube-state-metrics, one per cluster. */
      prometheus?: Array<{
        /** The cluster name, as the workload sources name it. */
        cluster: string;
        /** e.g. `https://prometheus.example.com`; `/api/v1/query_range` is appended. */
        baseUrl: string;
        /**
         * Bearer token sent to Prometheus.
         * @visibility secret
         */
        token?: string;
      }>;
      /** Metric snapshot files (`*.json`), e.g. `examples/metrics` in the demo portal. */
      files?: {
        paths: string[];
      };
      /** How each cluster's capacity is billed. Default ec2. */
      clusters?: Array<{
        name: string;
        capacityType: 'ec2' | 'fargate';
      }>;
      /** Price table; defaults are us-east-1 Linux prices in USD (see the README). */
      prices?: {
        /** ISO 4217 code. Default USD. */
        currency?: string;
        ec2OnDemand?: { vcpuHour?: number; gibHour?: number };
        ec2Spot?: { vcpuHour?: number; gibHour?: number };
        fargate?: { vcpuHour?: number; gibHour?: number };
        fargateSpot?: { vcpuHour?: number; gibHour?: number };
      };
      /** When services are used; outside these hours a scheduled scale-down may save. */
      businessHours?: {
        /** IANA time zone. Default UTC. */
        timezone?: string;
        /** ISO weekdays, 1 = Monday … 7 = Sunday. Default Monday to Friday. */
        days?: number[];
        /** Default 8. */
        startHour?: number;
        /** First hour after business. Default 19. */
        endHour?: number;
      };
      /** Tuning of the hint engine. */
      thresholds?: {
        /** Right-size when p95 usage is below this fraction of the request. Default 0.5. */
        rightSizeBelow?: number;
        /** Suggested request = p95 × headroom. Default 1.3. */
        headroom?: number;
        /** Limit risk when the peak reaches this fraction of the limit. Default 0.9. */
        limitRiskAt?: number;
        /** Idle when p95 CPU per pod is at most this many cores. Default 0.005. */
        idleCpuCores?: number;
        /** Scale down off hours when their p95 CPU is at most this fraction of business hours'. Default 0.1. */
        offHoursIdleRatio?: number;
        /** Spot only with at least this many replicas. Default 2. */
        spotMinReplicas?: number;
        /** Drop savings hints below this monthly amount. Default 1. */
        minMonthlySavings?: number;
      };
    };
    /**
     * Lambda responders: rules (Falco Talon syntax) that invoke allow-listed AWS Lambda
     * functions on Falco alerts and risky CloudTrail events, and by hand. Absent: off.
     */
    responders?: {
      /** True: nothing is invoked, automatic or manual; attempts are recorded as suppressed. Default false. */
      killSwitch?: boolean;
      /** Talon rules files, relative to the backend's working directory. */
      rulesFiles?: string[];
      /** Mode per rule name; a rule not listed runs in dry-run. */
      ruleModes?: { [ruleName: string]: 'dry-run' | 'automatic' | 'approval' };
      /** How long a pending approval waits before it expires. Default 4 hours. */
      approvalTimeout?: HumanDuration | string;
      /** How long actions are kept; at least 6 hours (Lambda retries async invocations that long). Default 90 days. */
      retention?: HumanDuration | string;
      /** Blast-radius limits. */
      limits?: {
        /** Per (rule, service). Default 10 minutes. */
        ruleCooldown?: HumanDuration | string;
        /** Per service, any rule. Default 2 minutes. */
        serviceCooldown?: HumanDuration | string;
        /** Global, across replicas (counted in the database). Default 30. */
        maxActionsPerHour?: number;
      };
      /** The allow-list: only these functions can ever be invoked. Default: none. */
      functions?: Array<{
        /** Function name (or ARN) as Lambda knows it. */
        name: string;
        /** What it does, shown in the Respond dialog. */
        description?: string;
      }>;
      /** Talon actionners other than `aws:lambda`, each mapped to an allow-listed function. */
      actionners?: { [actionner: string]: string };
      /** The Lambda client. */
      lambda?: {
        /** AWS region. Default us-east-1 or AWS_REGION. */
        region?: string;
        /** Endpoint override, e.g. a local Lambda-compatible endpoint for the demo. */
        endpoint?: string;
        /** Per-invocation timeout. Default 30 seconds. */
        timeout?: HumanDuration | string;
        /** Retries of throttled or failed requests. Default 3. */
        maxRetries?: number;
        /** Account whose credentials (from the `aws` integration config) are used. */
        accountId?: string;
      };
    };
  };
}
