/**
 * The offline planner records each Kubernetes object directly (its class's type and inputs, its
 * group as parent, its dependencies expanded by Pulumi's own functions) instead of registering it
 * through the SDK: the plan must be exactly what the SDK path gives — the path `pulumi up` takes.
 */
import { Key } from '@pulumi/aws/kms';
import { KubeObjectsGroup, kubeObjectsGroupsInProgress } from '../../lib/blueprint/kube-objects-group';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { Platform } from '../../lib/blueprint/platform';
import { planProgram, type PlanRecord } from '../../lib/plan/planner';
import { dev, prod } from '../../stacks/environments';
import { prodGitops } from '../support/variants';
import type { EnvironmentSpec } from '../../lib/spec/types';

const ACCOUNT = { region: 'eu-west-1', accountId: '111111111111' };
const COUNT = 1000;
const configMaps = (n: number): KubeObject[] =>
  Array.from({ length: n }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(4, '0')}`, namespace: 'team-a' }, data: { i: String(i) } }));

/** Both ways: through the SDK, as `pulumi up` registers, and recorded directly. */
async function bothWays(program: () => void): Promise<[PlanRecord[], PlanRecord[]]> {
  const sdk = await planProgram('t', ACCOUNT, program, { kubeObjectsThroughSdk: true });
  const direct = await planProgram('t', ACCOUNT, program);
  return [sdk, direct];
}

/** The Pulumi program of `spec`. */
const deployOf = (spec: EnvironmentSpec) => (): void => {
  Platform.fromSpec(spec).deploy();
};

describe('Kubernetes objects recorded directly by the offline planner', () => {
  it('gives every object the name, parent, inputs and dependencies of the SDK path, and a dependent of the group all of them', async () => {
    const program = (): void => {
      const first = new Key('first', { description: 'before' });
      const group = new KubeObjectsGroup('g', { objects: configMaps(COUNT), resourcePrefix: 'chart', dependsOn: [first] }, { dependsOn: [first] });
      new Key('after', { description: 'after the objects' }, { dependsOn: [group] });
    };
    const [sdk, direct] = await bothWays(program);
    expect(direct).toEqual(sdk);
    const children = direct.filter((r) => r.parent === 'g');
    expect(children.map((c) => c.name)).toEqual(configMaps(COUNT).map((o) => `chart-team-a/${o.metadata.name}`));
    expect(children.every((c) => c.type === 'kubernetes:core/v1:ConfigMap' && c.dependsOn.join() === 'first')).toBe(true);
    expect(children[999].inputs).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-0999', namespace: 'team-a' }, data: { i: '999' } });
    // Pulumi expands a component dependency to its custom children: all of them.
    expect(direct.find((r) => r.name === 'after')!.dependsOn).toHaveLength(COUNT);
    expect(kubeObjectsGroupsInProgress()).toBe(0);
  });

  it('sends only the fields the class sends, and leaves a Secret (its data a secret) to the SDK', async () => {
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'a' }, stringData: { password: 'hunter2' }, type: 'Opaque' },
      // A typed class drops what it has no field for (`extra`); a custom resource keeps every field.
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'a' }, spec: { podSelector: {} }, extra: 1 },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { sizes: [1, 2.5], on: true, none: null } },
      // Undefined fields are dropped and undefined array items become null, as the SDK serializes them.
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'u', namespace: undefined }, spec: { list: [1, undefined, 'x'], gone: undefined, deep: { gone: undefined } } },
      { apiVersion: 'v1', kind: 'List', metadata: {}, items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'listed' } }] },
    ];
    const [sdk, direct] = await bothWays(() => {
      new KubeObjectsGroup('g', { objects, resourcePrefix: 'chart' });
    });
    expect(direct).toEqual(sdk);
    expect(direct.find((r) => r.name === 'chart-a/s')!.inputs).toMatchObject({ stringData: '[secret]' });
    expect(direct.find((r) => r.name === 'chart-a/n')!.inputs).not.toHaveProperty('extra');
    expect(direct.find((r) => r.name === 'chart-w')!.type).toBe('kubernetes:example.com/v1:Widget');
    expect(direct.find((r) => r.name === 'chart-u')!.inputs).toStrictEqual({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'u' }, spec: { deep: {}, list: [1, null, 'x'] } });
    expect(direct.map((r) => r.name)).toContain('chart-listed');
  });

  it.each([
    ['dev', dev],
    ['prod with 40 tenants', { ...prod, tenants: Array.from({ length: 40 }, (_, i) => ({ name: `team-${i}`, editors: [`team-${i}-developers`] })) }],
    ['prod, GitOps delivery', prodGitops],
  ])('plans %s exactly as the SDK path does (dependencies and protection included)', async (_name, spec) => {
    const [sdk, direct] = await bothWays(deployOf(spec as EnvironmentSpec));
    expect(direct.length).toBeGreaterThan(300);
    expect(JSON.stringify(direct)).toBe(JSON.stringify(sdk));
  });

  it('reports a bad object from the constructor, before anything is registered', async () => {
    await expect(
      planProgram('t', ACCOUNT, () => {
        new KubeObjectsGroup('g', { objects: [...configMaps(300), { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }], resourcePrefix: 'chart' });
      }),
    ).rejects.toThrow('v1/ConfigMap object without a metadata.name');
  });
});
