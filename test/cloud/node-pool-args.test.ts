/**
 * `NodePool` on its own, on a given cluster: documented defaults, an existing node role, the
 * AMI choice, and the spec's node-pool rules at the construct boundary (one test per message,
 * every problem at once).
 */
import { useMocks, ofType, one, plan, resolved } from './harness';
void useMocks();
import { EksCluster } from '../../lib/cloud/eks-cluster';
import { dev } from '../../stacks/environments';
import { NodePool, NodePoolArgsError, nodePoolArgsIssues, type NodePoolArgs } from '../../lib/cloud/node-pool';

const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';
const LAUNCH_TEMPLATE = 'aws:ec2/launchTemplate:LaunchTemplate';
const BASE: NodePoolArgs = { name: 'gpu', environment: 'payments', clusterName: 'payments', subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'], instanceTypes: ['g5.xlarge'] };

const planPool = (args: Partial<NodePoolArgs>) => plan(() => new NodePool('payments-gpu', { ...BASE, ...args }));
const issues = (args: Partial<NodePoolArgs>) => nodePoolArgsIssues({ ...BASE, ...args } as NodePoolArgs);

describe('NodePool on its own', () => {
  it('applies the documented defaults: general, on-demand, production sizes 3/3/6, 50 GiB, image from the types', async () => {
    const group = one(await planPool({}), NODE_GROUP, 'payments-gpu-ng');
    expect(group.inputs).toMatchObject({
      clusterName: 'payments',
      nodeGroupName: 'payments-gpu',
      capacityType: 'ON_DEMAND',
      amiType: 'AL2023_x86_64_NVIDIA',
      scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 6 },
      subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
      labels: { 'groundwork.dev/capacity': 'on-demand', 'groundwork.dev/pool': 'gpu', 'groundwork.dev/pool-role': 'general' },
    });
  });

  it('joins a given EksCluster through its outputs (name and private subnets)', async () => {
    const resources = await plan(() => {
      const cluster = new EksCluster('dev', { spec: resolved(dev) });
      new NodePool('dev-gpu', { ...BASE, environment: 'dev', clusterName: cluster.clusterName, subnetIds: cluster.privateSubnetIds, tier: 'development' });
    });
    expect(one(resources, NODE_GROUP, 'dev-gpu-ng').inputs).toMatchObject({ clusterName: 'dev', subnetIds: ['dev-network-private-0-id', 'dev-network-private-1-id'] });
  });

  it('sizes by tier when counts are not given', async () => {
    const group = one(await planPool({ tier: 'development' }), NODE_GROUP, 'payments-gpu-ng');
    expect(group.inputs.scalingConfig).toEqual({ minSize: 1, desiredSize: 1, maxSize: 3 });
  });

  it('creates a node role <environment>-nodes-<name> unless one is given', async () => {
    const created = await planPool({});
    expect(ofType(created, 'aws:iam/role:Role').map((r) => r.inputs.name)).toEqual(['payments-nodes-gpu']);
    const given = await planPool({ nodeRoleArn: 'arn:aws:iam::111111111111:role/team-nodes' });
    expect(ofType(given, 'aws:iam/role:Role')).toEqual([]);
    expect(one(given, NODE_GROUP, 'payments-gpu-ng').inputs.nodeRoleArn).toBe('arn:aws:iam::111111111111:role/team-nodes');
  });

  it('tags with the given tags, ours winning', async () => {
    const group = one(await planPool({ tags: { 'cost-center': 'ml', 'managed-by': 'someone' } }), NODE_GROUP, 'payments-gpu-ng');
    expect(group.inputs.tags).toMatchObject({ 'cost-center': 'ml', 'managed-by': 'groundwork', 'groundwork.dev/environment': 'payments' });
  });

  it('gives Bottlerocket a small encrypted OS volume and the disk size as its data volume', async () => {
    const resources = await planPool({ instanceTypes: ['m7g.large'], amiType: 'BOTTLEROCKET_ARM_64', diskSizeGiB: 80 });
    expect(one(resources, NODE_GROUP, 'payments-gpu-ng').inputs.amiType).toBe('BOTTLEROCKET_ARM_64');
    expect(ofType(resources, LAUNCH_TEMPLATE)[0].inputs.blockDeviceMappings).toEqual([
      { deviceName: '/dev/xvda', ebs: { deleteOnTermination: 'true', encrypted: 'true', volumeSize: 4, volumeType: 'gp3' } },
      { deviceName: '/dev/xvdb', ebs: { deleteOnTermination: 'true', encrypted: 'true', volumeSize: 80, volumeType: 'gp3' } },
    ]);
  });

  it('reports every problem at once (min 5 > max 2, one spot type, Bad_Pool, disk −1)', () => {
    const bad = () => new NodePool('bad', { ...BASE, name: 'Bad_Pool', capacity: 'spot', instanceTypes: ['m6i.large'], minSize: 5, maxSize: 2, diskSizeGiB: -1 });
    expect(bad).toThrow(NodePoolArgsError);
    expect(bad).toThrow(
      [
        'Invalid NodePool "Bad_Pool": 4 problems',
        '  nodePool.diskSizeGiB: -1 GiB is outside 20–16384 (the image needs 20; gp3 volumes stop at 16 TiB); fix: use 50–200 GiB for most pools',
        '  nodePool.instanceTypes: spot pools need at least 3 instance types (got 1); fix: add types of the same size, e.g. m6i.xlarge, m5.xlarge, m6a.xlarge',
        '  nodePool.minSize: minSize 5 is greater than maxSize 2; fix: lower minSize or raise maxSize to at least 5',
        '  nodePool.name: "Bad_Pool" is not a lowercase DNS label; fix: use lowercase letters, digits and dashes, e.g. "spot-general"',
      ].join('\n'),
    );
  });

  // One per message of the shared rules (lib/spec/rules/node-pools.ts, lib/spec/ami.ts), as the construct reports them.
  it.each<[string, Partial<NodePoolArgs>, string, string]>([
    ['name', { name: 'Bad_Pool' }, 'nodePool.name', '"Bad_Pool" is not a lowercase DNS label'],
    ['environment', { environment: 'Payments' }, 'nodePool.environment', '"Payments" is not a lowercase DNS label of 2–20 characters'],
    ['names too long', { name: 'a'.repeat(50) }, 'nodePool.name', '50 characters make names that AWS or Kubernetes would refuse at deploy time: IAM role "payments-nodes-'],
    ['min > max', { minSize: 5, maxSize: 2 }, 'nodePool.minSize', 'minSize 5 is greater than maxSize 2'],
    ['desired outside', { minSize: 1, desiredSize: 9, maxSize: 3 }, 'nodePool.desiredSize', 'desiredSize 9 is outside [minSize 1, maxSize 3]'],
    ['max < 1', { minSize: 0, desiredSize: 0, maxSize: 0 }, 'nodePool.maxSize', 'maxSize must be at least 1'],
    ['max > 450', { maxSize: 451 }, 'nodePool.maxSize', 'maxSize 451 is above the 450 nodes EKS allows per managed node group (service quota "Nodes per managed node group")'],
    ['no types', { instanceTypes: [] }, 'nodePool.instanceTypes', 'no instance types'],
    ['bad type', { instanceTypes: ['large'] }, 'nodePool.instanceTypes[0]', '"large" is not an EC2 instance type'],
    ['duplicate type', { instanceTypes: ['g5.xlarge', 'g5.xlarge'] }, 'nodePool.instanceTypes', '"g5.xlarge" is listed more than once'],
    ['one spot type', { capacity: 'spot' }, 'nodePool.instanceTypes', 'spot pools need at least 3 instance types (got 1)'],
    ['spot sizes', { capacity: 'spot', instanceTypes: ['g5.xlarge', 'g5.2xlarge', 'g6.xlarge'] }, 'nodePool.instanceTypes', 'spot pool mixes sizes 2xlarge, xlarge'],
    ['disk', { diskSizeGiB: -1 }, 'nodePool.diskSizeGiB', '-1 GiB is outside 20–16384 (the image needs 20; gp3 volumes stop at 16 TiB)'],
    ['label key', { labels: { 'kubernetes.io/role': 'gpu' } }, 'nodePool.labels.kubernetes.io/role', 'label key "kubernetes.io/role"'],
    ['label value', { labels: { workload: 'a b' } }, 'nodePool.labels.workload', 'label value "a b"'],
    ['empty label value', { labels: { workload: '' } }, 'nodePool.labels.workload', 'label value is empty; EKS node groups refuse empty label values'],
    ['own label', { labels: { 'groundwork.dev/pool': 'x' } }, 'nodePool.labels.groundwork.dev/pool', '"groundwork.dev/pool" is set by groundwork itself'],
    ['taint key', { taints: [{ key: 'kubernetes.io/gpu', effect: 'NoSchedule' }] }, 'nodePool.taints[0].key', 'taint key "kubernetes.io/gpu"'],
    ['taint value', { taints: [{ key: 'gpu', value: 'a b', effect: 'NoSchedule' }] }, 'nodePool.taints[0].value', 'taint value "a b"'],
    ['duplicate taint', { taints: [{ key: 'gpu', effect: 'NoSchedule' }, { key: 'gpu', value: 'x', effect: 'NoSchedule' }] }, 'nodePool.taints[1]', 'taint gpu:NoSchedule repeats taints[0]'],
    ['too many taints', { taints: Array.from({ length: 51 }, (_, i) => ({ key: `t${i}`, effect: 'NoSchedule' as const })) }, 'nodePool.taints', '51 taints; EKS node groups take at most 50'],
    ['unknown amiType', { amiType: 'AL2_x86_64_GPU' as never }, 'nodePool.amiType', '"AL2_x86_64_GPU" is not an EKS AMI type groundwork offers'],
    ['GPU type, standard image', { amiType: 'AL2023_x86_64_STANDARD' }, 'nodePool.amiType', 'g5.xlarge has NVIDIA GPUs but AL2023_x86_64_STANDARD carries no accelerator drivers'],
    ['arm image, x86 types', { amiType: 'AL2023_ARM_64_NVIDIA' }, 'nodePool.amiType', 'AL2023_ARM_64_NVIDIA is an arm64 image but g5.xlarge is x86_64'],
    ['mixed architectures', { instanceTypes: ['m6i.large', 'm7g.large'] }, 'nodePool.instanceTypes', 'pool mixes architectures'],
    ['mixed accelerators', { instanceTypes: ['m6i.xlarge', 'g5.xlarge'] }, 'nodePool.instanceTypes', 'pool mixes accelerators'],
  ])('refuses %s', (_, args, path, problem) => {
    expect(issues(args)).toContainEqual(expect.objectContaining({ path, problem: expect.stringContaining(problem) }));
  });

  it('accepts valid props (no issue)', () => {
    expect(issues({ capacity: 'spot', instanceTypes: ['g5.xlarge', 'g6.xlarge', 'g4dn.xlarge'], minSize: 0, desiredSize: 0, maxSize: 4, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] })).toEqual([]);
  });
});
