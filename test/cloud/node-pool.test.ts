import { useMocks, ofType, one, plan, resolved, snapshotView, type Recorded } from './harness';
void useMocks();
import { NodePool, amiTypeOf, isArmInstanceType } from '../../lib/cloud/node-pool';
import type { ResolvedSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';

const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';
const LAUNCH_TEMPLATE = 'aws:ec2/launchTemplate:LaunchTemplate';
const SUBNETS = ['subnet-a', 'subnet-b', 'subnet-c'];

function pools(spec: ResolvedSpec): Promise<Recorded[]> {
  return plan(() => {
    for (const pool of spec.nodePools) {
      new NodePool(`${spec.name}-${pool.name}`, { spec, pool, clusterName: spec.name, subnetIds: SUBNETS.slice(0, spec.availabilityZones) });
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
    spec.nodePools[2].labels['groundwork.dev/pool'] = 'spoofed';
    const large = one(await pools(spec), NODE_GROUP, 'prod-spot-large-ng');
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
    expect(amiTypeOf(['m6i.large', 'm5.large'])).toBe('AL2023_x86_64_STANDARD');
    expect(amiTypeOf(['m7g.large', 'c7gn.large', 'r6gd.large'])).toBe('AL2023_ARM_64_STANDARD');
    expect(isArmInstanceType('g5.xlarge')).toBe(false);
    expect(isArmInstanceType('t4g.medium')).toBe(true);
  });

  it('matches the dev snapshot', async () => {
    expect(snapshotView(await pools(resolved(dev)))).toMatchSnapshot();
  });
});
