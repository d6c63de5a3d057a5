import { S3Client } from '@aws-sdk/client-s3';
import { LoggerService } from '@backstage/backend-plugin-api';
import { AuditEventSource } from '@containersec/plugin-container-security-node';
import path from 'path';
import { AwsCredentials } from '../aws/credentials';
import { CloudTrailLogFileSource } from './CloudTrailLogFileSource';
import {
  CLOUDTRAIL_LOOKUP_DEFAULTS,
  CloudTrailLookupSource,
} from './CloudTrailLookupSource';
import { AuditConfig } from './config';
import { FolderLogFileStore, S3LogFileStore } from './logFileStores';

/** The configured CloudTrail sources: LookupEvents, and log files in buckets or folders. */
export function builtInAuditSources(
  config: AuditConfig,
  deps: { credentials: AwsCredentials; logger: LoggerService; cwd: string },
): AuditEventSource[] {
  const sources: AuditEventSource[] = [];
  if (config.cloudtrail?.accounts.length) {
    sources.push(
      new CloudTrailLookupSource({
        ...CLOUDTRAIL_LOOKUP_DEFAULTS,
        ...config.cloudtrail,
        logger: deps.logger,
        clientFor: CloudTrailLookupSource.clientFactory(deps.credentials, {
          endpoint: config.cloudtrail.endpoint,
        }),
      }),
    );
  }
  for (const entry of config.logFiles) {
    const store = entry.bucket
      ? new S3LogFileStore(
          new S3Client({
            region: entry.bucketRegion!,
            // Resolved lazily so that start-up does not need the account's credentials.
            credentials: async () =>
              (await deps.credentials.forAccount(entry.bucketAccountId))(),
          }),
          entry.bucket,
        )
      : new FolderLogFileStore(path.resolve(deps.cwd, entry.folder!));
    sources.push(
      new CloudTrailLogFileSource({
        name: entry.name,
        store,
        prefix: entry.prefix,
        accounts: entry.accounts,
        regions: entry.regions,
        logger: deps.logger,
      }),
    );
  }
  return sources;
}
