/**
 * Bring your own VPC: the whole platform planned offline (lib/plan) in an existing VPC creates
 * none of the network, runs the cluster, node groups and Karpenter in exactly the given subnets,
 * and tags only those subnets.
 */
import { edgeIngressPeer } from '../../lib/addons/edge-gateway';
import { poolNodeClassSpec } from '../../lib/addons/karpenter-resources';
import { Platform } from '../../lib/blueprint/platform';
import { planPlatform } from '../../lib/plan/plan-platform';
import type { PlanRecord } from '../../lib/plan/planner';
import { resolveSpec } from '../../lib/spec/validate';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { prod } from '../../stacks/environments';

const PRIVATE = { 'eu-west-1a': 'subnet-0aaaaaaaaaaaaaaa1', 'eu-west-1b': 'subnet-0bbbbbbbbbbbbbbb2', 'eu-west-1c': 'subnet-0ccccccccccccccc3' };
const PUBLIC = {
  'eu-west-1a': { id: 'subnet-0ddddddddddddddd4', cidr: '10.40.200.0/24' },
  'eu-west-1b': { id: 'subnet-0eeeeeeeeeeeeeee5', cidr: '10.40.201.0/24' },
};

/** Production in a team's VPC 10.40.0.0/16 (vpcCidr and availabilityZones go: the VPC says them). */
function inExistingVpc(extra: Partial<EnvironmentSpec['existingVpc']> = {}): EnvironmentSpec {
  const { vpcCidr: _cidr, availabilityZones: _azs, ...rest } = structuredClone(prod);
  return { ...rest, existingVpc: { vpcId: 'vpc-0123456789abcdef0', cidr: '10.40.0.0/16', privateSubnetIds: PRIVATE, publicSubnets: PUBLIC, ...extra } };
}

const ofType = (plan: readonly PlanRecord[], type: string): PlanRecord[] => plan.filter((r) => r.type === type);

describe('existing VPC', () => {
  let plan: PlanRecord[];
  let untagged: PlanRecord[];
  beforeAll(async () => {
    plan = await planPlatform(Platform.fromSpec(inExistingVpc()));
    untagged = await planPlatform(Platform.fromSpec(inExistingVpc({ tagSubnets: false })));
  }, 180_000);

  it('creates no VPC, subnet, NAT gateway, internet gateway, route table, EIP or default security group', () => {
    for (const type of [
      'aws:ec2/vpc:Vpc',
      'aws:ec2/subnet:Subnet',
      'aws:ec2/natGateway:NatGateway',
      'aws:ec2/internetGateway:InternetGateway',
      'aws:ec2/routeTable:RouteTable',
      'aws:ec2/routeTableAssociation:RouteTableAssociation',
      'aws:ec2/eip:Eip',
      'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
    ]) {
      expect({ type, count: ofType(plan, type).length }).toEqual({ type, count: 0 });
    }
  });

  it('runs the control plane and every node group in exactly the given private subnets, in zone order', () => {
    const [cluster] = ofType(plan, 'aws:eks/cluster:Cluster');
    expect((cluster.inputs.vpcConfig as { subnetIds: string[] }).subnetIds).toEqual(Object.values(PRIVATE));
    const groups = ofType(plan, 'aws:eks/nodeGroup:NodeGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group.inputs.subnetIds).toEqual(Object.values(PRIVATE));
  });

  it('keeps flow logs, on the given VPC', () => {
    const [flowLog] = ofType(plan, 'aws:ec2/flowLog:FlowLog');
    expect(flowLog.inputs).toMatchObject({ vpcId: 'vpc-0123456789abcdef0', trafficType: 'ALL' });
  });

  it('tags each given subnet for the load balancer controller (role and cluster tags) and nothing else', () => {
    const tags = ofType(plan, 'aws:ec2/tag:Tag').filter((t) => String(t.inputs.resourceId).startsWith('subnet-'));
    const bySubnet = new Map<string, Record<string, unknown>>();
    for (const t of tags) bySubnet.set(String(t.inputs.resourceId), { ...bySubnet.get(String(t.inputs.resourceId)), [String(t.inputs.key)]: t.inputs.value });
    const privateTags = { 'kubernetes.io/role/internal-elb': '1', 'kubernetes.io/cluster/prod': 'shared' };
    const publicTags = { 'kubernetes.io/role/elb': '1', 'kubernetes.io/cluster/prod': 'shared' };
    expect(Object.fromEntries([...bySubnet].sort())).toEqual(
      Object.fromEntries([...Object.values(PRIVATE).map((id) => [id, privateTags]), ...Object.values(PUBLIC).map((s) => [s.id, publicTags])].sort()),
    );
  });

  it('tags no subnet when the VPC owner tags them (tagSubnets: false)', () => {
    expect(ofType(untagged, 'aws:ec2/tag:Tag').filter((t) => String(t.inputs.resourceId).startsWith('subnet-'))).toEqual([]);
    expect(ofType(untagged, 'aws:eks/cluster:Cluster')).toHaveLength(1);
  });

  it('lets Karpenter launch into the given private subnets by id (no discovery tag on subnets it does not own)', () => {
    const spec = resolveSpec(inExistingVpc());
    const pool = spec.nodePools.find((p) => p.role !== 'system')!;
    expect(poolNodeClassSpec(spec, pool).subnetSelectorTerms).toEqual(Object.values(PRIVATE).map((id) => ({ id })));
  });

  it('resolves the VPC CIDR and zone count from the existing VPC, and admits an ALB from its public subnets', () => {
    const spec = resolveSpec(inExistingVpc());
    expect(spec.vpcCidr).toBe('10.40.0.0/16');
    expect(spec.availabilityZones).toBe(3);
    const alb = { ...spec, addons: { ...spec.addons, mesh: false } };
    expect(edgeIngressPeer(alb)).toEqual({ cidrs: ['10.40.200.0/24', '10.40.201.0/24'] });
  });
});
