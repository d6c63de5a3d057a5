import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { PostureCheck } from '../types';
import { containerCheck, ContainerRef, quoted, WORKLOADS } from './helpers';
import { isRegistryAllowed, parseImage } from './imageReference';

function imageOf(c: ContainerRef): string {
  return typeof c.spec.image === 'string' ? c.spec.image : '';
}

/** @internal */
export const imageChecks: PostureCheck[] = [
  containerCheck(CHECK_IDS.imageTagMissingOrLatest, WORKLOADS, c => {
    const image = parseImage(imageOf(c));
    if (!image) return `container ${quoted(c.name)} has no image`;
    // A digest pins the image whatever the tag says.
    if (image.digest) return undefined;
    if (!image.tag)
      return `container ${quoted(c.name)} image ${quoted(
        imageOf(c),
      )} has no tag`;
    return image.tag === 'latest'
      ? `container ${quoted(c.name)} image ${quoted(
          imageOf(c),
        )} uses the latest tag`
      : undefined;
  }),
  containerCheck(CHECK_IDS.imageNotPinnedByDigest, WORKLOADS, c => {
    const image = parseImage(imageOf(c));
    return image && !image.digest
      ? `container ${quoted(c.name)} image ${quoted(
          imageOf(c),
        )} is not pinned by digest`
      : undefined;
  }),
  containerCheck(CHECK_IDS.imagePullPolicyNotAlways, WORKLOADS, c => {
    const image = parseImage(imageOf(c));
    if (!image) return undefined;
    const floating = !image.digest && (!image.tag || image.tag === 'latest');
    // Kubernetes defaults the policy to Always for untagged and latest images.
    const policy =
      c.spec.imagePullPolicy ?? (floating ? 'Always' : 'IfNotPresent');
    return policy === 'Always'
      ? undefined
      : `container ${quoted(c.name)} pulls its image with policy ${policy}`;
  }),
  containerCheck(CHECK_IDS.imageRegistryNotAllowed, WORKLOADS, (c, subject) => {
    const allowed = subject.options?.allowedRegistries ?? [];
    if (!allowed.length) return undefined;
    const image = parseImage(imageOf(c));
    if (!image || isRegistryAllowed(image, allowed)) return undefined;
    return `container ${quoted(c.name)} image ${quoted(
      imageOf(c),
    )} comes from registry ${image.registry}, which is not in the allow-list`;
  }),
];
