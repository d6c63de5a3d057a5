/** An image in an Amazon ECR private registry. */
export interface EcrImage {
  accountId: string;
  region: string;
  repositoryName: string;
  /** Set when the reference has a tag, or has neither tag nor digest (`latest`). */
  tag?: string;
  /** `sha256:…`, set when the reference is pinned to a digest. */
  digest?: string;
}

const ECR_HOST =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
const REPOSITORY =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * Parses `<account>.dkr.ecr.<region>.amazonaws.com/<repo>[:<tag>][@sha256:<digest>]`;
 * undefined for any other image reference.
 */
export function parseEcrImage(image: string): EcrImage | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const host = ECR_HOST.exec(image.slice(0, slash));
  if (!host) return undefined;
  let rest = image.slice(slash + 1);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (!REPOSITORY.test(rest)) return undefined;
  return {
    accountId: host[1],
    region: host[2],
    repositoryName: rest,
    ...(tag || !digest ? { tag: tag ?? 'latest' } : {}),
    ...(digest ? { digest } : {}),
  };
}
