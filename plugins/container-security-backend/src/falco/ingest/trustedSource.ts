import { FalcoIngestConfig } from './config';

/** The `ingestSource` recorded for events posted with a service principal's token. */
export function tokenIngestSource(subject: string): string {
  return `token:${subject}`;
}

/**
 * Whether an alert's `ingestSource` names a sender the configuration trusts: a
 * configured Falco source id, or `token:<subject>` of an allow-listed service principal
 * (`containerSecurity.falco.ingest.allowedServicePrincipals`). Automatic actions use it
 * to act only on alerts from authenticated, configured senders; an alert stored under a
 * sender that has since been removed from the configuration is not trusted.
 *
 * @public
 */
export function isTrustedIngestSource(
  ingestSource: string,
  config: Pick<FalcoIngestConfig, 'sources' | 'allowedServicePrincipals'>,
): boolean {
  if (ingestSource.startsWith('token:')) {
    const subject = ingestSource.slice('token:'.length);
    return config.allowedServicePrincipals.includes(subject);
  }
  return config.sources.some(source => source.id === ingestSource);
}
