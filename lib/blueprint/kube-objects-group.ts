/**
 * One manifest chart applied by Pulumi: a component with ConfigGroup v1's type token and name
 * (`kubernetes:yaml:ConfigGroup`), whose children are the chart's objects, each registered
 * directly as its own resource with the type, name, parent, options and inputs ConfigGroup gives
 * it — so stacks deployed with ConfigGroup see no change. Why not ConfigGroup itself: it sends
 * every object again as its own inputs (half of cloud.json at 100+ tenants) and resolves each
 * child through outputs whose values are resources; Pulumi walks such a value's every enumerable
 * field, the parent chain included, once per wrap — quadratic in the objects of an environment.
 */
import * as pulumi from '@pulumi/pulumi';
import { isObjectList, kubeResourceClass } from './kube-resource-class';
import type { KubeObject } from './manifests';

/** The component's type token: ConfigGroup v1's, so existing stacks keep their URNs. */
export const KUBE_OBJECTS_GROUP_TYPE = 'kubernetes:yaml:ConfigGroup';

/** Inputs of `KubeObjectsGroup`. */
export interface KubeObjectsGroupArgs {
  /** The objects in apply order (plain JSON, names and namespaces literal). */
  objects: readonly KubeObject[];
  /** Prefix of each child's name, `<prefix>-<namespace>/<name>`: keeps names unique across charts. */
  resourcePrefix: string;
  /**
   * What every object waits for. A component's dependsOn does not hold back its children (only
   * resources depending on the component wait for them), so each child carries it. Resources, not
   * an output of them: Pulumi would walk each resource (parents included) to resolve it. @default none
   */
  dependsOn?: readonly pulumi.Resource[];
  /** Leave the objects in the cluster when they leave the program (CRDs: deleting one deletes its resources). @default false */
  retainOnDelete?: boolean;
}

/** The Pulumi name ConfigGroup v1 gives an object: `<prefix>-<namespace>/<name>`, or `<prefix>-<name>` when cluster-scoped. */
export function kubeObjectResourceName(resourcePrefix: string, object: KubeObject): string {
  const { name, namespace } = object.metadata;
  return namespace ? `${resourcePrefix}-${namespace}/${name}` : `${resourcePrefix}-${name}`;
}

/** The objects Pulumi registers for `object`: itself, or a list's items (as ConfigGroup does). */
function registrable(object: KubeObject): KubeObject[] {
  if (Object.keys(object).length === 0) return [];
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
    throw new Error(`Kubernetes objects need an apiVersion and a kind: ${JSON.stringify(object).slice(0, 200)}`);
  }
  if (isObjectList(object.apiVersion, object.kind)) return ((object.items as KubeObject[] | undefined) ?? []).flatMap(registrable);
  if (typeof object.metadata?.name !== 'string') throw new Error(`${object.apiVersion}/${object.kind} object without a metadata.name`);
  return [object];
}

/** A manifest chart's objects as Pulumi resources under one ConfigGroup-compatible component. */
export class KubeObjectsGroup extends pulumi.ComponentResource {
  // No field holds the children: a resource's enumerable fields are what Pulumi walks when a
  // value holds it, and a child reaches its group through its parent.
  constructor(name: string, args: KubeObjectsGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    // Only the prefix as inputs: the objects are the children's inputs, not the group's as well.
    super(KUBE_OBJECTS_GROUP_TYPE, name, { resourcePrefix: args.resourcePrefix }, opts);
    const childOpts: pulumi.CustomResourceOptions = {
      parent: this,
      ...(args.dependsOn !== undefined ? { dependsOn: [...args.dependsOn] } : {}),
      ...(args.retainOnDelete ? { retainOnDelete: true } : {}),
    };
    for (const object of args.objects.flatMap(registrable)) {
      const Resource = kubeResourceClass(object.apiVersion, object.kind);
      // A copy of the options per child, as ConfigGroup makes: the classes merge defaults into them.
      new Resource(kubeObjectResourceName(args.resourcePrefix, object), object, { ...childOpts });
    }
    this.registerOutputs();
  }
}
