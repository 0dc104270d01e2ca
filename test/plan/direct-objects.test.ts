import { readFileSync } from 'node:fs';
import { CustomResource } from '@pulumi/kubernetes/apiextensions/customResource';
import { STOCK_ENVIRONMENTS, prod } from '../../stacks/environments';
import { Platform } from '../../lib/blueprint/platform';
import type { PlatformStack } from '../../lib/blueprint/platform-stack';
import type { KubeObject, ManifestChart } from '../../lib/blueprint/manifests';
import { KUBE_OBJECTS_GROUP_TYPE, kubeObjectResourceName } from '../../lib/blueprint/kube-objects-group';
import { isObjectList, kubeResourceClass } from '../../lib/blueprint/kube-resource-class';
import { planProgram, type PlanRecord } from '../../lib/plan/planner';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { synthesize } from '../support/environment';

const GITOPS: EnvironmentSpec = { ...prod, addons: { ...prod.addons, delivery: 'gitops', gitops: { repoURL: 'https://github.com/acme/platform-manifests.git' } } };
const ENVIRONMENTS: Array<[string, EnvironmentSpec]> = [...Object.entries(STOCK_ENVIRONMENTS), ['prod with GitOps delivery', GITOPS]];

/** The type token Pulumi registers an object under: the typed class's, else `kubernetes:<apiVersion>:<kind>`. */
function typeOf(object: KubeObject): string {
  const typed = (kubeResourceClass(object.apiVersion, object.kind) as unknown as { __pulumiType?: string }).__pulumiType;
  return typed ?? `kubernetes:${object.apiVersion}:${object.kind}`;
}

/** `apiVersion/kind namespace/name`: what identifies a Kubernetes object. */
const identity = (o: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } }): string =>
  `${String(o.apiVersion)}/${String(o.kind)} ${String(o.metadata?.namespace ?? '')}/${String(o.metadata?.name)}`;

/** Every nested value of `value` that looks like a Kubernetes object (apiVersion, kind, metadata.name). */
function embeddedObjects(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) embeddedObjects(v, found);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof (o.metadata as { name?: unknown } | undefined)?.name === 'string') found.push(identity(o));
    for (const v of Object.values(o)) embeddedObjects(v, found);
  }
  return found;
}

describe.each(ENVIRONMENTS)('%s: manifest charts in the plan', (_label, spec) => {
  let plan: PlanRecord[];
  let charts: ManifestChart[];
  beforeAll(async () => {
    const synthesized = await synthesize(spec);
    plan = synthesized.plan;
    charts = synthesized.platform.manifests().charts;
  });

  it('registers every object of every chart Pulumi applies exactly once, as its own resource with its type, name, parent and inputs', () => {
    const groups = plan.filter((r) => r.type === KUBE_OBJECTS_GROUP_TYPE);
    expect(groups.length).toBeGreaterThan(0);
    const expected: Array<{ type: string; name: string; parent: string; inputs: unknown }> = [];
    for (const group of groups) {
      const chart = charts.find((c) => `${spec.name}-${c.chart}` === group.name);
      expect(chart).toBeDefined();
      for (const object of chart!.objects) {
        // A typed class leaves out `status` (an output: the API server's to write).
        const { status, ...inputs } = object;
        const typed = kubeResourceClass(object.apiVersion, object.kind) !== (CustomResource as unknown);
        expected.push({ type: typeOf(object), name: kubeObjectResourceName(chart!.chart, object), parent: group.name, inputs: typed ? inputs : { ...inputs, status } });
      }
    }
    const groupNames = new Set(groups.map((g) => g.name));
    const children = plan.filter((r) => r.parent !== null && groupNames.has(r.parent));
    expect(children.every((c) => c.custom)).toBe(true);
    const view = (r: { type: string; name: string; parent: string | null; inputs: unknown }) => ({ type: r.type, name: r.name, parent: r.parent, inputs: r.inputs });
    const byKey = (a: { type: string; name: string }, b: { type: string; name: string }) =>
      a.type < b.type ? -1 : a.type > b.type ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    expect(children.map(view).sort(byKey)).toEqual(expected.sort(byKey));
    expect(new Set(children.map((c) => `${c.type} ${c.name}`)).size).toBe(children.length);
  });

  it('repeats no object in another entry: a group carries only its resource prefix', () => {
    for (const group of plan.filter((r) => r.type === KUBE_OBJECTS_GROUP_TYPE)) {
      expect(group.inputs).toEqual({ resourcePrefix: group.name.slice(spec.name.length + 1) });
    }
    const objects = new Set(charts.flatMap((c) => c.objects).map(identity));
    for (const entry of plan) {
      // An object's own entry holds it at the top; nowhere else may it appear, nested or whole.
      const own = entry.custom && typeof entry.inputs.kind === 'string' ? identity(entry.inputs) : undefined;
      const repeated = embeddedObjects(entry.inputs).filter((id) => objects.has(id) && id !== own);
      expect({ entry: entry.name, repeated }).toEqual({ entry: entry.name, repeated: [] });
    }
  });
});

describe('kubeResourceClass', () => {
  // ConfigGroup v1's own table: `case "<gvk>": … new <folder>.<version>.<Kind>(` and its list kinds.
  const source = readFileSync(require.resolve('@pulumi/kubernetes/yaml/yaml'), 'utf8');
  const cases = [...source.matchAll(/case "([^"]+)":\s*return \[id\.apply\(id => \(\{\s*name: [^\n]+\n\s*resource: new ([\w.]+)\(/g)].map((m) => ({
    gvk: m[1],
    path: m[2].split('.'),
  }));
  const lists = [...source.matchAll(/\(gvk === "([^"]+)"\)/g)].map((m) => m[1]);
  const split = (gvk: string) => ({ apiVersion: gvk.slice(0, gvk.lastIndexOf('/')), kind: gvk.slice(gvk.lastIndexOf('/') + 1) });

  it('picks the class ConfigGroup v1 picks for every kind Kubernetes serves', () => {
    expect(cases.length).toBeGreaterThan(150);
    const differing = cases.filter(({ gvk, path: [folder, version, kind] }) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const theirs = (require(`@pulumi/kubernetes/${folder}`) as Record<string, Record<string, unknown>>)[version][kind];
      const { apiVersion, kind: k } = split(gvk);
      return kubeResourceClass(apiVersion, k) !== theirs || isObjectList(apiVersion, k);
    });
    expect(differing.map((c) => c.gvk)).toEqual([]);
  });

  it('applies the items of every list kind ConfigGroup v1 expands, and registers no other typed class', () => {
    expect(lists.filter((gvk) => !isObjectList(split(gvk).apiVersion, split(gvk).kind))).toEqual([]);
    // Every class the version folders export is a case of ConfigGroup's table, a list, or a patch.
    const known = new Set([...cases.map((c) => c.gvk), ...lists]);
    const extra: string[] = [];
    for (const apiVersion of new Set(cases.map((c) => split(c.gvk).apiVersion))) {
      const { folder, version } = { folder: cases.find((c) => split(c.gvk).apiVersion === apiVersion)!.path[0], version: apiVersion.split('/').pop()! };
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      for (const kind of Object.keys((require(`@pulumi/kubernetes/${folder}`) as Record<string, object>)[version])) {
        if (kind.endsWith('Patch')) continue;
        if (!known.has(`${apiVersion}/${kind}`) && kubeResourceClass(apiVersion, kind) !== (CustomResource as unknown)) extra.push(`${apiVersion}/${kind}`);
      }
    }
    expect(extra).toEqual([]);
  });

  it.each([
    ['cert-manager.io/v1', 'Certificate'],
    ['gateway.networking.k8s.io/v1', 'Gateway'],
    ['networking.istio.io/v1beta1', 'DestinationRule'],
    ['argoproj.io/v1alpha1', 'Application'],
    ['apps/v9', 'Deployment'],
  ])('registers %s %s as a custom resource, as ConfigGroup v1 does', (apiVersion, kind) => {
    expect(kubeResourceClass(apiVersion, kind)).toBe(CustomResource);
    expect(isObjectList(apiVersion, kind)).toBe(false);
  });
});

describe('the parent chain of every Kubernetes object', () => {
  /** Nodes Pulumi's `containsUnknowns` visits when a value holds `root`: every enumerable field, transitively. */
  function walked(root: object): number {
    const seen = new Set<object>();
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const value = stack.pop();
      if (value === null || typeof value !== 'object' || seen.has(value)) continue;
      seen.add(value);
      for (const key of Object.keys(value)) stack.push((value as Record<string, unknown>)[key]);
    }
    return seen.size;
  }

  async function walkedFromStack(tenants: number): Promise<number> {
    const spec: EnvironmentSpec = {
      ...prod,
      tenants: Array.from({ length: tenants }, (_, i) => ({ name: `team-${String(i + 1).padStart(4, '0')}`, editors: [`team-${i + 1}-developers`] })),
    };
    let stack: PlatformStack | undefined;
    await planProgram(spec.name, { region: spec.region, accountId: spec.accountId }, () => {
      stack = Platform.fromSpec(spec).deploy();
    });
    return walked(stack!);
  }

  it('holds nothing that grows with the tenants (no spec in an enumerable field): Pulumi walks it per object', async () => {
    const [few, many] = [await walkedFromStack(2), await walkedFromStack(40)];
    expect({ few, many }).toEqual({ few, many: few });
  });
});
