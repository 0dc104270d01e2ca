/**
 * Pinned images: a missing tag means `latest`, and `latest` means every node restart may pull a
 * different program than the one reviewed. A digest pins whatever tag accompanies it.
 */
import type { PodTemplate } from './pod-templates';
import type { Finding } from './types';

/** The parts of an image reference that decide whether it is pinned. */
export interface ImageRef {
  /** Repository without tag or digest (`docker.io/istio/proxyv2`). */
  repository: string;
  /** Tag, if any. @default none */
  tag?: string;
  /** Digest (`sha256:…`), if any. @default none */
  digest?: string;
}

/** Parse `[registry[:port]/]path[:tag][@digest]`; a colon before the last slash is a registry port, not a tag. */
export function parseImage(image: string): ImageRef {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const named = at >= 0 ? image.slice(0, at) : image;
  const colon = named.lastIndexOf(':');
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
  return { repository: tag !== undefined ? named.slice(0, colon) : named, ...(tag !== undefined ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** Why `image` is not pinned, or `undefined` when it is. */
export function unpinnedReason(image: string | undefined): string | undefined {
  if (!image) return 'has no image';
  if (image === 'auto') return 'has image "auto", which only the Istio injector replaces, and the injector does not mutate this pod';
  const ref = parseImage(image);
  if (ref.digest) return /^sha256:[a-f0-9]{64}$/.test(ref.digest) ? undefined : `has a malformed digest "${ref.digest}"`;
  if (ref.tag === undefined) return `image "${image}" has no tag (pulls latest)`;
  if (ref.tag === 'latest') return `image "${image}" uses the moving tag latest`;
  return undefined;
}

/** Findings for every container (init and ephemeral too) whose image is not pinned. */
export function checkImages(templates: readonly PodTemplate[]): Finding[] {
  const findings: Finding[] = [];
  for (const t of templates) {
    for (const c of [...(t.spec.initContainers ?? []), ...t.spec.containers, ...(t.spec.ephemeralContainers ?? [])]) {
      const reason = unpinnedReason(c.image);
      if (!reason) continue;
      findings.push({
        check: 'images.pinned',
        object: t.owner,
        container: c.name,
        problem: reason,
        fix: c.image === 'auto' ? 'install the pod where the mesh injects it (istio-injection=enabled or sidecar.istio.io/inject="true")' : 'pin the chart\'s image tag to an exact version (or a digest) in the values',
      });
    }
  }
  return findings;
}
