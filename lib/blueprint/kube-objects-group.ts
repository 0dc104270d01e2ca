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

/** The children a group is to create, handed from its constructor to `initialize` (which `super` calls). */
const childrenOf = new WeakMap<pulumi.ComponentResourceOptions, { objects: KubeObject[]; args: KubeObjectsGroupArgs }>();

/** Children per batch while a caller (the offline planner) has asked for batches; undefined: all at once. */
let batchSize: number | undefined;
/** Groups whose children are still being created in batches. */
let unfinishedGroups = 0;

/**
 * Create every group's children in batches of `size`, each batch once the previous one's
 * registrations have completed (their URNs resolved), until the returned function is called.
 * The offline planner does this: its mock monitor answers at once, and without batches every
 * object of an environment is in flight together, each holding Pulumi's walk of its dependencies
 * (~50 KB each: 2.9 GiB at 1000 tenants). Resources, names, parents, inputs and dependencies are
 * the same; only their timing differs. `pulumi up` creates them all at once, as ConfigGroup does
 * (a real registration completes when the object exists in the cluster: batches would serialize
 * the deployment).
 */
export function createKubeObjectsInBatches(size: number): () => void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`createKubeObjectsInBatches: size must be a positive integer (got ${size})`);
  const previous = batchSize;
  batchSize = size;
  return () => {
    batchSize = previous;
  };
}

/** How many groups are still creating children in batches (the planner checks it is 0 at the end: none stalled). */
export function kubeObjectsGroupsInProgress(): number {
  return unfinishedGroups;
}

/** Resolves when the registration of `resource` has completed (`Output.promise` is the SDK's own, not in its typings). */
function registered(resource: pulumi.CustomResource): Promise<unknown> {
  return (resource.urn as unknown as { promise(): Promise<string> }).promise();
}

/** A manifest chart's objects as Pulumi resources under one ConfigGroup-compatible component. */
export class KubeObjectsGroup extends pulumi.ComponentResource {
  // No field holds the children: a resource's enumerable fields are what Pulumi walks when a
  // value holds it, and a child reaches its group through its parent.
  constructor(name: string, args: KubeObjectsGroupArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Checked here, so a bad object throws from the constructor (`initialize` may run later).
    const objects = args.objects.flatMap(registrable);
    const groupOpts = { ...opts };
    childrenOf.set(groupOpts, { objects, args });
    // Only the prefix as inputs: the objects are the children's inputs, not the group's as well.
    super(KUBE_OBJECTS_GROUP_TYPE, name, { resourcePrefix: args.resourcePrefix }, groupOpts);
  }

  /**
   * Creates the children: all at once (synchronously, inside the constructor), or in batches when
   * asked. Pulumi resolves a component's `initialize` before anything that depends on the
   * component reads its children, so a dependent waits for every batch.
   */
  protected override async initialize(_inputs: pulumi.Inputs, opts?: pulumi.ComponentResourceOptions): Promise<void> {
    const children = opts && childrenOf.get(opts);
    if (!children) throw new Error('KubeObjectsGroup: initialize called without the constructor');
    childrenOf.delete(opts!);
    const { objects, args } = children;
    const childOpts: pulumi.CustomResourceOptions = {
      parent: this,
      ...(args.dependsOn !== undefined ? { dependsOn: [...args.dependsOn] } : {}),
      ...(args.retainOnDelete ? { retainOnDelete: true } : {}),
    };
    const create = (object: KubeObject): pulumi.CustomResource => {
      const Resource = kubeResourceClass(object.apiVersion, object.kind);
      // A copy of the options per child, as ConfigGroup makes: the classes merge defaults into them.
      return new Resource(kubeObjectResourceName(args.resourcePrefix, object), object, { ...childOpts });
    };
    const size = batchSize;
    if (size === undefined || objects.length <= size) {
      for (const object of objects) create(object);
      return;
    }
    unfinishedGroups++;
    try {
      for (let start = 0; start < objects.length; start += size) {
        const batch = objects.slice(start, start + size).map(create);
        if (start + size < objects.length) await Promise.all(batch.map(registered));
      }
    } finally {
      unfinishedGroups--;
    }
  }
}
