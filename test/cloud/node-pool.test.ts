import { useMocks, ofType, one, plan, resolved, snapshotView, type Recorded } from './harness';
void useMocks();
import { karpenterPools } from '../../lib/addons/karpenter-resources';
import { EksCluster } from '../../lib/cloud/eks-cluster';
import { NodePool, hasManagedNodeGroup, nodeLabels, nodePoolArgsOf } from '../../lib/cloud/node-pool';
import { defaultAmiType, isArmInstanceType } from '../../lib/spec/ami';
import type { AddonsSpec, EnvironmentSpec, ResolvedSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';

const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';
const LAUNCH_TEMPLATE = 'aws:ec2/launchTemplate:LaunchTemplate';
const SUBNETS = ['subnet-a', 'subnet-b', 'subnet-c'];

function pools(spec: ResolvedSpec): Promise<Recorded[]> {
  return plan(() => {
    for (const pool of spec.nodePools) {
      new NodePool(`${spec.name}-${pool.name}`, nodePoolArgsOf(spec, pool, { clusterName: spec.name, subnetIds: SUBNETS.slice(0, spec.availabilityZones) }));
    }
  });
}

describe('NodePool', () => {
  it('gives every node group a launch template with IMDSv2 only, hop limit 1 and encrypted gp3 root volumes', async () => {
    const resources = await pools(resolved(prod));
    const groups = ofType(resources, NODE_GROUP);
    expect(groups).toHaveLength(3);
    for (const group of groups) {
      const lt = group.inputs.launchTemplate as { id: string; version: string };
      expect(lt.version).toBe('1');
      const template = ofType(resources, LAUNCH_TEMPLATE).find((t) => `${t.name}-id` === lt.id)!;
      expect(template).toBeDefined();
      expect(template.inputs.metadataOptions).toMatchObject({ httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 });
      expect(template.inputs.blockDeviceMappings).toEqual([
        { deviceName: '/dev/xvda', ebs: { deleteOnTermination: 'true', encrypted: 'true', volumeSize: 100, volumeType: 'gp3' } },
      ]);
    }
  });

  it('never opens SSH (no remoteAccess)', async () => {
    for (const group of ofType(await pools(resolved(prod)), NODE_GROUP)) expect(group.inputs.remoteAccess).toBeUndefined();
  });

  it('buys spot pools as SPOT across at least 3 instance types', async () => {
    const spot = ofType(await pools(resolved(prod)), NODE_GROUP).filter((g) => g.name.includes('spot'));
    expect(spot).toHaveLength(2);
    for (const group of spot) {
      expect(group.inputs.capacityType).toBe('SPOT');
      expect((group.inputs.instanceTypes as string[]).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('runs the system pool ON_DEMAND with the CriticalAddonsOnly NoSchedule taint', async () => {
    const system = one(await pools(resolved(dev)), NODE_GROUP, 'dev-system-ng');
    expect(system.inputs.capacityType).toBe('ON_DEMAND');
    expect(system.inputs.taints).toEqual([{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }]);
  });

  it('spreads every pool over all private subnets and names it <env>-<pool>', async () => {
    for (const group of ofType(await pools(resolved(prod)), NODE_GROUP)) {
      expect(group.inputs.subnetIds).toEqual(SUBNETS);
      expect(group.inputs.nodeGroupName).toBe(group.name.replace(/-ng$/, ''));
    }
  });

  it('labels nodes with pool, role and capacity; ours override user labels', async () => {
    const spec = resolved(prod);
    const large = one(await pools(spec), NODE_GROUP, 'prod-spot-large-ng');
    // The construct refuses a spoofed pool label (see the props tests); the merge still lets ours win.
    expect(nodeLabels({ ...spec.nodePools[2], labels: { 'groundwork.dev/pool': 'spoofed' } })['groundwork.dev/pool']).toBe('spot-large');
    expect(large.inputs.labels).toEqual({
      'groundwork.dev/capacity': 'spot',
      'groundwork.dev/pool': 'spot-large',
      'groundwork.dev/pool-role': 'general',
      'groundwork.dev/workload-size': 'large',
    });
  });

  it('leaves the desired size to the autoscaler and rolls at most a third of nodes', async () => {
    for (const group of ofType(await pools(resolved(dev)), NODE_GROUP)) {
      expect(group.ignoreChanges).toContain('scalingConfig.desiredSize');
      expect((group.inputs.updateConfig as { maxUnavailablePercentage: number }).maxUnavailablePercentage).toBeLessThanOrEqual(33);
    }
  });

  it('gives nodes worker, ECR read-only and SSM policies but not the CNI policy', async () => {
    const attachments = ofType(await pools(resolved(dev)), 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').filter((a) => a.parent === 'dev-system');
    expect(attachments.map((a) => String(a.inputs.policyArn).split('/').pop()).sort()).toEqual([
      'AmazonEC2ContainerRegistryReadOnly',
      'AmazonEKSWorkerNodePolicy',
      'AmazonSSMManagedInstanceCore',
    ]);
  });

  it('picks the AL2023 ARM AMI for Graviton pools only', () => {
    expect(defaultAmiType(['m6i.large', 'm5.large'])).toBe('AL2023_x86_64_STANDARD');
    expect(defaultAmiType(['m7g.large', 'c7gn.large', 'r6gd.large'])).toBe('AL2023_ARM_64_STANDARD');
    expect(isArmInstanceType('g5.xlarge')).toBe(false);
    expect(isArmInstanceType('t4g.medium')).toBe(true);
  });

  it('matches the dev snapshot', async () => {
    expect(snapshotView(await pools(resolved(dev)))).toMatchSnapshot();
  });
});

describe('which pools become managed node groups', () => {
  const withAddons = (env: EnvironmentSpec, addons: AddonsSpec): EnvironmentSpec => ({ ...env, addons: { ...env.addons, ...addons } });
  const clusterGroups = async (env: EnvironmentSpec): Promise<Recorded[]> =>
    ofType(await plan(() => new EksCluster(env.name, { spec: resolved(env) })), NODE_GROUP);

  it('with Karpenter, creates only the on-demand system node group (Karpenter provisions the spot pools)', async () => {
    const groups = await clusterGroups(prod);
    expect(groups.map((g) => g.name)).toEqual(['prod-pool-system-ng']);
    expect(groups[0].inputs.capacityType).toBe('ON_DEMAND');
    // ...and one Karpenter NodePool per spec spot pool instead.
    const spot = prod.nodePools.filter((p) => p.capacity === 'spot').map((p) => p.name);
    expect(karpenterPools(resolved(prod)).map((p) => p.name)).toEqual(spot);
  });

  it('with cluster-autoscaler, creates a node group for every pool (it scales them through their ASGs)', async () => {
    const groups = await clusterGroups(withAddons(prod, { autoscaler: 'cluster-autoscaler' }));
    expect(groups.map((g) => g.name).sort()).toEqual(['prod-pool-spot-general-ng', 'prod-pool-spot-large-ng', 'prod-pool-system-ng']);
  });

  it('keeps every node group when Karpenter is disabled, so workload capacity never disappears', async () => {
    expect(await clusterGroups(withAddons(dev, { disabled: ['karpenter'] }))).toHaveLength(dev.nodePools.length);
  });

  it.each([
    ['karpenter', {}],
    ['cluster-autoscaler', { autoscaler: 'cluster-autoscaler' }],
  ] as const)('with %s, every pool is exactly one of node group or Karpenter NodePool', (_, addons) => {
    const spec = resolved(withAddons(prod, addons));
    const karpenterOn = spec.addons.autoscaler === 'karpenter';
    const provisioned = new Set(karpenterOn ? karpenterPools(spec).map((p) => p.name) : []);
    for (const pool of spec.nodePools) expect(hasManagedNodeGroup(spec, pool)).toBe(!provisioned.has(pool.name));
  });
});
