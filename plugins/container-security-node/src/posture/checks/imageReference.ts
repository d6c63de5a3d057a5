/** A container image reference split as a container runtime reads it. */
export interface ImageReference {
  /** `docker.io` for Docker Hub images, whichever alias the reference used. */
  registry: string;
  /** The path in the registry, with `library/` for official Docker Hub images. */
  repository: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
]);

/** Parses `[registry/]path[:tag][@digest]`; undefined for an empty reference. */
export function parseImage(image: string): ImageReference | undefined {
  let rest = image.trim();
  if (!rest) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  // The first component is a registry only if it looks like a host.
  const hasRegistry =
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first.toLowerCase() : 'docker.io';
  let repository = hasRegistry ? rest.slice(slash + 1) : rest;
  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = 'docker.io';
    if (!repository.includes('/')) repository = `library/${repository}`;
  }
  return {
    registry,
    repository,
    tag: tag || undefined,
    digest: digest || undefined,
  };
}

/** Normalises an allow-list entry to `registry[/path]` in the form parseImage produces. */
export function normalizeRegistryEntry(entry: string): string {
  let e = entry
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '');
  const slash = e.indexOf('/');
  const host = (slash >= 0 ? e.slice(0, slash) : e).toLowerCase();
  const path = slash >= 0 ? e.slice(slash) : '';
  e = (DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host) + path;
  return e;
}

/**
 * Whether the image comes from an allowed registry: the entry is the registry itself or a
 * path prefix of the image (`ghcr.io/acme` allows `ghcr.io/acme/app`, not `ghcr.io/acmex`).
 */
export function isRegistryAllowed(
  image: ImageReference,
  allowed: string[],
): boolean {
  const full = `${image.registry}/${image.repository}`;
  return allowed
    .map(normalizeRegistryEntry)
    .some(
      entry =>
        entry === image.registry ||
        full === entry ||
        full.startsWith(`${entry}/`),
    );
}
