import { Key } from '@pulumi/aws/kms';
import { KubeObjectsGroup, kubeObjectsGroupsInProgress } from '../../lib/blueprint/kube-objects-group';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { planProgram } from '../../lib/plan/planner';

const ACCOUNT = { region: 'eu-west-1', accountId: '111111111111' };
// More than the planner's batch (256) several times over, and not a multiple of it.
const COUNT = 1000;
const configMaps = (n: number): KubeObject[] =>
  Array.from({ length: n }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(4, '0')}`, namespace: 'team-a' }, data: { i: String(i) } }));

describe('KubeObjectsGroup under the offline planner (objects created in batches)', () => {
  it('registers every object once, with its name, parent, inputs and dependencies, and a dependent of the group waits for all of them', async () => {
    const plan = await planProgram('t', ACCOUNT, () => {
      const first = new Key('first', { description: 'before' });
      const group = new KubeObjectsGroup('g', { objects: configMaps(COUNT), resourcePrefix: 'chart', dependsOn: [first] }, { dependsOn: [first] });
      new Key('after', { description: 'after the objects' }, { dependsOn: [group] });
    });
    const children = plan.filter((r) => r.parent === 'g');
    expect(children.map((c) => c.name)).toEqual(configMaps(COUNT).map((o) => `chart-team-a/${o.metadata.name}`));
    expect(children.every((c) => c.type === 'kubernetes:core/v1:ConfigMap' && c.dependsOn.join() === 'first')).toBe(true);
    expect(children[999].inputs).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-0999', namespace: 'team-a' }, data: { i: '999' } });
    // Pulumi expands a component dependency to its custom children: all of them, every batch.
    expect(plan.find((r) => r.name === 'after')!.dependsOn).toHaveLength(COUNT);
    expect(kubeObjectsGroupsInProgress()).toBe(0);
  });

  it('reports a bad object from the constructor, before anything is registered', async () => {
    await expect(
      planProgram('t', ACCOUNT, () => {
        new KubeObjectsGroup('g', { objects: [...configMaps(300), { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }], resourcePrefix: 'chart' });
      }),
    ).rejects.toThrow('v1/ConfigMap object without a metadata.name');
  });
});
