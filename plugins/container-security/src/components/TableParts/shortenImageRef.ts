/**
 * A container image reference short enough for a table cell: the registry host and
 * leading path dropped (kept as `…/`), a digest cut to its first 12 hex characters, the
 * tag kept. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/cart@sha256:ab12…` becomes
 * `…/cart@sha256:ab12cd34ef56…`.
 */
export function shortenImageRef(ref: string): string {
  const at = ref.indexOf('@');
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const lastSlash = name.lastIndexOf('/');
  const shortName = lastSlash >= 0 ? `…/${name.slice(lastSlash + 1)}` : name;
  if (!digest) return shortName;
  const [algorithm, hex = ''] = digest.split(':');
  const shortDigest =
    hex.length > 12 ? `${algorithm}:${hex.slice(0, 12)}…` : digest;
  return `${shortName}@${shortDigest}`;
}
