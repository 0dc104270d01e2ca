/**
 * Where each object lands. `helm template` leaves `metadata.namespace` out of many namespaced
 * objects (Helm installs them into the release namespace at apply time), so the checks must
 * place them the way `helm install --namespace` would before judging anything by namespace.
 */
import type { RenderedObject } from './types';

/**
 * Kinds that have no namespace. Helm never puts these in the release namespace, so they must not
 * be given one. Covers the core API plus the cluster-scoped CRDs our add-ons ship.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterIssuer',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'EC2NodeClass',
  'FlowSchema',
  'GatewayClass',
  'IngressClass',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'NodeClaim',
  'NodeOverlay',
  'NodePool',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
  // Cilium's cluster-wide objects.
  'CiliumClusterwideNetworkPolicy',
  'CiliumNode',
  'CiliumIdentity',
  'CiliumExternalWorkload',
  'CiliumLoadBalancerIPPool',
]);

/** Whether objects of `kind` live in a namespace. */
export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED_KINDS.has(kind);
}

/**
 * `objects` with every namespaced object that names no namespace placed in `defaultNamespace`
 * (the release namespace for a release's objects). Objects are copied only when changed.
 */
export function placeInNamespace(objects: readonly RenderedObject[], defaultNamespace: string): RenderedObject[] {
  return objects.map((o) =>
    isNamespaced(o.kind) && !o.metadata?.namespace ? { ...o, metadata: { ...o.metadata, namespace: defaultNamespace } } : o,
  );
}

/** One Helm release's rendered objects, as the renderer returns them. */
export interface ReleaseObjects {
  /** Release name. */
  release: string;
  /** Namespace the release is installed into. */
  namespace: string;
  /** Rendered objects (namespace may be missing on namespaced ones). */
  objects: readonly RenderedObject[];
}

/**
 * Every object placed in its namespace: objects that belong to a release get the release
 * namespace, the rest (cdk8s manifests always name theirs) fall back to `default`, as kubectl would.
 * Release objects are recognised by identity, so `objects` may already contain them.
 */
export function placeAll(objects: readonly RenderedObject[], releases: readonly ReleaseObjects[] = []): RenderedObject[] {
  const releaseOf = new Map<RenderedObject, string>();
  for (const r of releases) for (const o of r.objects) releaseOf.set(o, r.namespace);
  const all = [...objects];
  const listed = new Set(objects);
  for (const r of releases) for (const o of r.objects) if (!listed.has(o)) all.push(o);
  return all.map((o) => placeInNamespace([o], releaseOf.get(o) ?? 'default')[0]);
}

/** Objects of one kind (optionally one API group, e.g. `networking.k8s.io`). */
export function ofKind(objects: readonly RenderedObject[], kind: string, group?: string): RenderedObject[] {
  return objects.filter((o) => o.kind === kind && (group === undefined || apiGroup(o) === group));
}

/** API group of an object (`''` for the core group). */
export function apiGroup(object: RenderedObject): string {
  const slash = object.apiVersion.indexOf('/');
  return slash < 0 ? '' : object.apiVersion.slice(0, slash);
}
