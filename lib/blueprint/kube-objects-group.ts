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
import { captureRegistration } from './kube-object-capture';
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

/** One Kubernetes object recorded by the offline planner instead of registered (see `recordKubeObjectsDirectly`). */
export interface RecordedKubeObject {
  /** The URN Pulumi would give it (under its group). */
  urn: string;
  /** Type token, as the class registers it. */
  type: string;
  /** Logical name, `<prefix>-<namespace>/<name>`. */
  name: string;
  /** The group's URN. */
  parentUrn: string;
  /** URNs of what it waits for, expanded as Pulumi expands `dependsOn` (shared by groups with the same dependencies: do not mutate). */
  dependencyUrns: readonly string[];
  /** Inputs as Pulumi would send them (plain JSON). */
  inputs: Record<string, unknown>;
}

/** Where objects go while the planner records them directly; undefined: every object is registered through the SDK. */
let recordSink: ((object: RecordedKubeObject) => void) | undefined;
/** Groups still resolving their dependencies before recording their objects. */
let unfinishedGroups = 0;

/**
 * Until the returned function is called, each group hands its objects to `sink` — type and inputs
 * from the object's own `@pulumi/kubernetes` class (kube-object-capture.ts), parent, and
 * dependencies expanded by Pulumi's own functions — instead of registering them through the SDK,
 * and lists a stand-in per object among its children, so what depends on the group is expanded to
 * its objects as before. The offline planner does this: through the SDK an object costs ~2 ms and
 * tens of KB of promises in flight, 15 000 objects at 1000 tenants. An object whose inputs are not
 * plain JSON (a Secret's data) is still registered through the SDK. `pulumi up` never calls this.
 */
export function recordKubeObjectsDirectly(sink: (object: RecordedKubeObject) => void): () => void {
  const previous = recordSink;
  recordSink = sink;
  return () => {
    recordSink = previous;
  };
}

/** How many groups have not recorded their objects yet (the planner waits for 0: none stalled). */
export function kubeObjectsGroupsInProgress(): number {
  return unfinishedGroups;
}

// Internal but stable since Pulumi 3.0: how `prepareResource` expands an object's `dependsOn`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dependsOnRuntime = require('@pulumi/pulumi/runtime/dependsOn') as {
  gatherExplicitDependencies(dependsOn: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | undefined): Promise<pulumi.Resource[]>;
  getAllTransitivelyReferencedResourceURNs(resources: Set<pulumi.Resource>, exclude: Set<pulumi.Resource>): Promise<Set<string>>;
};

/** The URNs Pulumi records as an object's dependencies for `dependsOn` (components expanded to their custom descendants). */
async function expandDependencies(dependsOn: readonly pulumi.Resource[] | undefined): Promise<readonly string[]> {
  const explicit = new Set(await dependsOnRuntime.gatherExplicitDependencies(dependsOn ? [...dependsOn] : undefined));
  return [...(await dependsOnRuntime.getAllTransitivelyReferencedResourceURNs(explicit, new Set()))];
}

/** A number per resource asked for, to key the expansions in flight. */
const resourceIds = new WeakMap<pulumi.Resource, number>();
let nextResourceId = 0;
/** Expansions in flight, by the ids of the resources asked for, in order. */
const inFlight = new Map<string, Promise<readonly string[]>>();

/**
 * `expandDependencies`, shared by the groups that ask for the same resources while it is in
 * flight: groups are made together (a tenant's chart each, all waiting for the cluster and the
 * foundation), and each walk of the foundation's ~1000 objects was quadratic at 1000 tenants.
 * Asked together, the walks read the same children at the same moment, so one gives all the same
 * answer; a request after it settled walks again, as Pulumi would.
 */
function dependencyUrnsOf(dependsOn: readonly pulumi.Resource[] | undefined): Promise<readonly string[]> {
  const key = (dependsOn ?? [])
    .map((resource) => {
      let id = resourceIds.get(resource);
      if (id === undefined) resourceIds.set(resource, (id = nextResourceId++));
      return id;
    })
    .join(',');
  const shared = inFlight.get(key);
  if (shared) return shared;
  const expansion = expandDependencies(dependsOn);
  inFlight.set(key, expansion);
  const settle = (): void => {
    inFlight.delete(key);
  };
  expansion.then(settle, settle);
  return expansion;
}

/** What Pulumi's dependency walk reads of a custom child: that it is one, and its URN. */
function standIn(urn: string): object {
  const resolved = Promise.resolve(urn);
  return { __pulumiResource: true, __pulumiCustomResource: true, urn: { promise: () => resolved } };
}

/** Resolves to the URN of `resource` (`Output.promise` is the SDK's own, not in its typings). */
function urnOf(resource: pulumi.Resource): Promise<string> {
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
   * Creates the children (synchronously, inside the constructor), or records them when the planner
   * asks. Pulumi resolves a component's `initialize` before anything that depends on the component
   * reads its children, so a dependent waits for (and is expanded to) every object.
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
    const create = (object: KubeObject): void => {
      const Resource = kubeResourceClass(object.apiVersion, object.kind);
      // A copy of the options per child, as ConfigGroup makes: the classes merge defaults into them.
      new Resource(kubeObjectResourceName(args.resourcePrefix, object), object, { ...childOpts });
    };
    const sink = recordSink;
    if (sink === undefined) {
      for (const object of objects) create(object);
      return;
    }
    unfinishedGroups++;
    try {
      const [parentUrn, dependencyUrns] = await Promise.all([urnOf(this), dependencyUrnsOf(args.dependsOn)]);
      // A child's URN: its parent's type chain, its own type, its name (as Pulumi composes it).
      const typeChain = parentUrn.slice(0, parentUrn.lastIndexOf('::'));
      const standIns: object[] = [];
      for (const object of objects) {
        const Resource = kubeResourceClass(object.apiVersion, object.kind);
        const name = kubeObjectResourceName(args.resourcePrefix, object);
        const captured = captureRegistration(Resource, name, object, childOpts);
        if (!captured) {
          create(object);
          continue;
        }
        const urn = `${typeChain}$${captured.type}::${name}`;
        sink({ urn, type: captured.type, name, parentUrn, dependencyUrns, inputs: captured.inputs });
        standIns.push(standIn(urn));
      }
      const self = this as unknown as { __childResources?: Set<object> };
      self.__childResources ??= new Set();
      for (const child of standIns) self.__childResources.add(child);
    } finally {
      unfinishedGroups--;
    }
  }
}
