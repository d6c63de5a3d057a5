import { HttpAuthService } from '@backstage/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { hash, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { FalcoIngestConfig, FalcoSourceConfig } from './config';
import { tokenIngestSource } from './trustedSource';

/** The header Falcosidekick (`webhook.customHeaders`) sends a source's shared secret in. */
export const FALCO_SECRET_HEADER = 'x-falco-secret';

/** Who sent a request: a configured source or a Backstage service principal. */
export interface FalcoSender {
  /** Recorded as the alert's `ingestSource`. */
  ingestSource: string;
  /** The source's configured cluster, if any. */
  cluster?: string;
}

// Hashing first makes the comparison constant-time regardless of the lengths involved.
// The one-shot hash: a Hash object per request cost more than the rest of authentication.
function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

// The configured secrets' digests, computed once rather than on every request.
const secretDigests = new WeakMap<FalcoSourceConfig, Buffer>();
function secretDigest(source: FalcoSourceConfig): Buffer {
  let value = secretDigests.get(source);
  if (!value) {
    value = digest(source.secret);
    secretDigests.set(source, value);
  }
  return value;
}
const UNKNOWN_SOURCE_DIGEST = digest('\0unknown-source');

/** The source whose secret equals `secret`, comparing against every source in constant time. */
export function findSourceBySecret(
  sources: FalcoSourceConfig[],
  secret: string,
): FalcoSourceConfig | undefined {
  const given = digest(secret);
  let found: FalcoSourceConfig | undefined;
  for (const source of sources) {
    if (timingSafeEqual(given, secretDigest(source)) && !found) found = source;
  }
  return found;
}

// The sender each connection's secret header was verified for. Senders keep their
// connection open and repeat the same header on every request; comparing it with the
// one this connection already proved skips the hash. Only a verified secret is kept, and
// only for its own connection, so a plain comparison tells a peer nothing it did not
// send itself.
const verifiedOnConnection = new WeakMap<
  object,
  { secret: string; sources: FalcoSourceConfig[]; sender: FalcoSender }
>();

function header(headers: IncomingHttpHeaders, name: string) {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Authenticates a webhook request by, in order: the `x-falco-secret` header of a
 * configured source; a Backstage token (`Authorization: Bearer`, e.g. an external-access
 * static token) of a service principal listed in `allowedServicePrincipals`. Throws
 * AuthenticationError (401) without valid credentials, NotAllowedError (403) for a
 * service principal that is not on the list.
 */
export async function authenticateWebhook(
  req: IncomingMessage,
  config: Pick<FalcoIngestConfig, 'sources' | 'allowedServicePrincipals'>,
  httpAuth: HttpAuthService,
): Promise<FalcoSender> {
  const { sources } = config;
  const secret = header(req.headers, FALCO_SECRET_HEADER);
  if (secret !== undefined) {
    const known = req.socket && verifiedOnConnection.get(req.socket);
    if (known && known.secret === secret && known.sources === sources) {
      return known.sender;
    }
    const source = findSourceBySecret(sources, secret);
    if (!source) throw new AuthenticationError('Invalid Falco source secret');
    const sender = { ingestSource: source.id, cluster: source.cluster };
    if (req.socket)
      verifiedOnConnection.set(req.socket, { secret, sources, sender });
    return sender;
  }
  if (!header(req.headers, 'authorization')) {
    throw new AuthenticationError(
      `Missing credentials: send a Backstage service token or the ${FALCO_SECRET_HEADER} header`,
    );
  }
  let subject: string;
  try {
    // The service reads only the request's headers, so a plain IncomingMessage (the
    // dedicated listener's) serves as well as an express request.
    const credentials = await httpAuth.credentials(req as any, {
      allow: ['service'],
    });
    subject = credentials.principal.subject;
  } catch {
    throw new AuthenticationError('Invalid or non-service credentials');
  }
  // Alerts can trigger automatic actions: a valid token alone does not make a sender.
  if (!config.allowedServicePrincipals.includes(subject)) {
    throw new NotAllowedError(
      `Service principal '${subject}' may not post Falco events: add it to containerSecurity.falco.ingest.allowedServicePrincipals or send a configured source's ${FALCO_SECRET_HEADER}`,
    );
  }
  return { ingestSource: tokenIngestSource(subject) };
}

/** Authenticates `POST /falco/events/:sourceId/:secret` (Falco's http_output cannot send headers). */
export function authenticateUrlSecret(
  sources: FalcoSourceConfig[],
  sourceId: string,
  secret: string,
): FalcoSender {
  const source = sources.find(s => s.id === sourceId && s.allowUrlSecret);
  // Compare even for an unknown source so timing does not reveal which ids exist.
  const ok = timingSafeEqual(
    digest(secret),
    source ? secretDigest(source) : UNKNOWN_SOURCE_DIGEST,
  );
  if (!source || !ok) throw new AuthenticationError('Invalid Falco source');
  return { ingestSource: source.id, cluster: source.cluster };
}
