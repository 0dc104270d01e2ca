/**
 * The API surface charts see: `--api-versions` for every CRD the platform installs (rendered by
 * its releases, or in its manifests, e.g. the Gateway API), in both forms a real cluster's
 * discovery gives Helm (`group/version` and `group/version/Kind`, which charts test with
 * `.Capabilities.APIVersions.Has`). Built-in APIs are Helm's own default set. Also which kinds
 * are cluster-scoped, so objects rendered without a namespace get the release namespace as Helm
 * gives them at install time.
 */
import type { KubeObject } from '../blueprint/manifests';

interface CrdShape {
  spec?: {
    group?: string;
    scope?: string;
    names?: { kind?: string };
    versions?: Array<{ name?: string; served?: boolean }>;
  };
}

const isCrd = (o: KubeObject): boolean => o.kind === 'CustomResourceDefinition' && o.apiVersion.startsWith('apiextensions.k8s.io/');

/** `--api-versions` entries for the CRDs among `objects`, sorted and unique. */
export function crdApiVersions(objects: readonly KubeObject[]): string[] {
  const out = new Set<string>();
  for (const crd of objects.filter(isCrd) as Array<KubeObject & CrdShape>) {
    const { group, names, versions = [] } = crd.spec ?? {};
    if (!group || !names?.kind) continue;
    for (const v of versions) {
      if (!v.name || v.served === false) continue;
      out.add(`${group}/${v.name}`);
      out.add(`${group}/${v.name}/${names.kind}`);
    }
  }
  return [...out].sort();
}

/** Built-in cluster-scoped kinds, by `group/kind` (core group = ''). */
const CLUSTER_SCOPED_BUILTINS = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
  'policy/PodSecurityPolicy',
]);

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** Whether objects of `apiVersion`/`kind` live in a namespace, given the CRDs the platform installs. */
export function scopeResolver(crds: readonly KubeObject[]): (apiVersion: string, kind: string) => 'Namespaced' | 'Cluster' {
  const scopes = new Map<string, string>();
  for (const crd of crds.filter(isCrd) as Array<KubeObject & CrdShape>) {
    const { group, names, scope } = crd.spec ?? {};
    if (group && names?.kind) scopes.set(`${group}/${names.kind}`, scope ?? 'Namespaced');
  }
  return (apiVersion, kind) => {
    const key = `${groupOf(apiVersion)}/${kind}`;
    if (CLUSTER_SCOPED_BUILTINS.has(key)) return 'Cluster';
    // Unknown kinds count as namespaced: schema validation reports kinds nothing defines.
    return scopes.get(key) === 'Cluster' ? 'Cluster' : 'Namespaced';
  };
}
