/**
 * Which `@pulumi/kubernetes` class registers a Kubernetes object, by apiVersion and kind — the
 * same choice ConfigGroup v1 makes (node_modules/@pulumi/kubernetes/yaml/yaml.js): the typed
 * class for a kind Kubernetes itself serves (`v1/Namespace` → `core.v1.Namespace`, type token
 * `kubernetes:core/v1:Namespace`), `apiextensions.CustomResource` for everything else (type token
 * `kubernetes:<apiVersion>:<kind>`). Only the version folders an environment uses are loaded.
 */
import type * as pulumi from '@pulumi/pulumi';
import { CustomResource } from '@pulumi/kubernetes/apiextensions/customResource';
import type { KubeObject } from './manifests';

/** A class that registers one Kubernetes object as a Pulumi resource. */
export type KubeResourceClass = new (name: string, args: KubeObject, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * API groups Kubernetes serves itself, which @pulumi/kubernetes has a folder for (named after the
 * group's first label; the core group's is `core`). Everything else (cert-manager, Istio, Gateway
 * API — `gateway.networking.k8s.io` too) is a custom resource.
 */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'auditregistration.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'lifecycle.k8s.io',
  'meta',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'settings.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

function groupOf(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** A kind Kubernetes serves itself whose objects are lists (`v1/List`, `v1/ConfigMapList`…): the API server applies their items. */
export function isObjectList(apiVersion: string, kind: string): boolean {
  return BUILT_IN_GROUPS.has(groupOf(apiVersion).group) && kind.endsWith('List');
}

/** The classes of one API version folder, or undefined when @pulumi/kubernetes has none. */
function versionClasses(group: string, version: string): Record<string, KubeResourceClass | undefined> | undefined {
  const folder = group === '' ? 'core' : group.split('.')[0];
  if (!/^v\d+((alpha|beta)\d+)?$/.test(version)) return undefined;
  try {
    // A computed path on purpose: a folder's classes load lazily on first use, and only the
    // folders an environment needs load at all (not the whole of @pulumi/kubernetes).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(`@pulumi/kubernetes/${folder}/${version}`) as Record<string, KubeResourceClass | undefined>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

const resolved = new Map<string, KubeResourceClass>();

/** The class ConfigGroup v1 would register an object of this apiVersion and kind with. */
export function kubeResourceClass(apiVersion: string, kind: string): KubeResourceClass {
  const gvk = `${apiVersion}/${kind}`;
  let found = resolved.get(gvk);
  if (!found) {
    const { group, version } = groupOf(apiVersion);
    // `…Patch` classes are server-side patches of a kind, not kinds of their own.
    const typed = BUILT_IN_GROUPS.has(group) && !kind.endsWith('Patch') ? versionClasses(group, version)?.[kind] : undefined;
    // A folder also exports enums (`ServiceSpecType`): only a resource class names a kind.
    found = typeof typed === 'function' && '__pulumiType' in typed ? typed : (CustomResource as unknown as KubeResourceClass);
    resolved.set(gvk, found);
  }
  return found;
}
