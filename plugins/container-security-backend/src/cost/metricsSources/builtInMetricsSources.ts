import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { WorkloadMetricsSource } from '@containersec/plugin-container-security-node';
import path from 'node:path';
import { AwsCredentials } from '../../aws/credentials';
import { CostConfig } from '../config';
import { CloudWatchMetricsSource } from './CloudWatchMetricsSource';
import { FileMetricsSource } from './FileMetricsSource';
import { PrometheusMetricsSource } from './PrometheusMetricsSource';

/** The metrics sources `containerSecurity.cost` configures. */
export function builtInMetricsSources(
  config: CostConfig,
  deps: { rootConfig: Config; logger: LoggerService; cwd: string },
): WorkloadMetricsSource[] {
  const sources: WorkloadMetricsSource[] = [];
  if (config.files.length) {
    sources.push(
      new FileMetricsSource({
        paths: config.files.map(p => path.resolve(deps.cwd, p)),
        logger: deps.logger,
      }),
    );
  }
  if (config.cloudwatch.length) {
    const credentials = AwsCredentials.fromConfig(deps.rootConfig);
    for (const account of config.cloudwatch) {
      for (const region of account.regions) {
        let client: Promise<CloudWatchClient> | undefined;
        sources.push(
          new CloudWatchMetricsSource({
            accountId: account.accountId,
            region,
            clusters: account.clusters,
            logger: deps.logger,
            client: () => {
              client ??= credentials
                .clientConfig({ accountId: account.accountId, region })
                // Throttling is retried with backoff by the SDK's standard strategy.
                .then(c => new CloudWatchClient({ ...c, maxAttempts: 5 }));
              client.catch(() => {
                client = undefined;
              });
              return client;
            },
          }),
        );
      }
    }
  }
  for (const p of config.prometheus) {
    sources.push(new PrometheusMetricsSource({ ...p, logger: deps.logger }));
  }
  return sources;
}
