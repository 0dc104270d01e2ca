import { useMocks, ofType, one, plan, promiseOf, resolved, snapshotView } from './harness';
void useMocks();
import { Network, availabilityZoneNames } from '../../lib/cloud/network';
import { dev, prod } from '../../stacks/environments';

const SUBNET = 'aws:ec2/subnet:Subnet';
const tagsOf = (r: { inputs: Record<string, unknown> }): Record<string, string> => r.inputs.tags as Record<string, string>;

describe('Network', () => {
  it('spreads production private subnets across 3 distinct AZs', async () => {
    const resources = await plan(() => new Network('prod', { spec: resolved(prod) }));
    const privates = ofType(resources, SUBNET).filter((s) => tagsOf(s)['kubernetes.io/role/internal-elb'] === '1');
    expect(privates).toHaveLength(3);
    expect(new Set(privates.map((s) => s.inputs.availabilityZone)).size).toBe(3);
    expect(privates.map((s) => s.inputs.availabilityZone).sort()).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('creates one NAT gateway per AZ in production and a single one in dev', async () => {
    const prodPlan = await plan(() => new Network('prod', { spec: resolved(prod) }));
    expect(ofType(prodPlan, 'aws:ec2/natGateway:NatGateway')).toHaveLength(3);
    const devPlan = await plan(() => new Network('dev', { spec: resolved(dev) }));
    expect(ofType(devPlan, 'aws:ec2/natGateway:NatGateway')).toHaveLength(1);
  });

  it('routes every private subnet of production through the NAT gateway of its own AZ', async () => {
    const resources = await plan(() => new Network('prod', { spec: resolved(prod) }));
    const targets = [0, 1, 2].map((i) => (one(resources, 'aws:ec2/routeTable:RouteTable', `prod-private-${i}`).inputs.routes as Array<Record<string, string>>)[0].natGatewayId);
    expect(targets).toEqual(['prod-nat-0-id', 'prod-nat-1-id', 'prod-nat-2-id']);
  });

  it('tags subnets for load balancer and Karpenter discovery', async () => {
    const resources = await plan(() => new Network('dev', { spec: resolved(dev) }));
    for (const subnet of ofType(resources, SUBNET)) {
      const tags = tagsOf(subnet);
      expect(tags['kubernetes.io/cluster/dev']).toBe('shared');
      if (subnet.name.includes('-public-')) {
        expect(tags['kubernetes.io/role/elb']).toBe('1');
        expect(tags['karpenter.sh/discovery']).toBeUndefined();
        expect(subnet.inputs.mapPublicIpOnLaunch).toBe(false);
      } else {
        expect(tags['kubernetes.io/role/internal-elb']).toBe('1');
        expect(tags['karpenter.sh/discovery']).toBe('dev');
      }
    }
  });

  it('uses non-overlapping subnets inside the VPC CIDR', async () => {
    const resources = await plan(() => new Network('prod', { spec: resolved(prod) }));
    const cidrs = ofType(resources, SUBNET).map((s) => String(s.inputs.cidrBlock));
    expect(new Set(cidrs).size).toBe(6);
    for (const cidr of cidrs) expect(cidr.startsWith('10.30.')).toBe(true);
  });

  it('logs ALL VPC traffic to a KMS-encrypted log group with the tier retention', async () => {
    const resources = await plan(() => new Network('prod', { spec: resolved(prod) }));
    const [flowLog] = ofType(resources, 'aws:ec2/flowLog:FlowLog');
    expect(flowLog.inputs).toMatchObject({ trafficType: 'ALL', vpcId: 'prod-vpc-id', logDestinationType: 'cloud-watch-logs' });
    const group = one(resources, 'aws:cloudwatch/logGroup:LogGroup', 'prod-flow-logs');
    expect(group.inputs.retentionInDays).toBe(365);
    expect(group.inputs.kmsKeyId).toBe('arn:aws:kms:eu-west-1:000000000000:key/prod-logs-key');
    const key = one(resources, 'aws:kms/key:Key', 'prod-logs-key');
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(JSON.parse(String(key.inputs.policy)).Statement[1].Principal.Service).toBe('logs.eu-west-1.amazonaws.com');
  });

  it('locks the default security group down to no rules', async () => {
    const resources = await plan(() => new Network('dev', { spec: resolved(dev) }));
    const [sg] = ofType(resources, 'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup');
    expect(sg.inputs.ingress).toEqual([]);
    expect(sg.inputs.egress).toEqual([]);
  });

  it('tags every taggable resource with the environment, ownership and user tags', async () => {
    const resources = await plan(() => new Network('dev', { spec: resolved(dev) }));
    const taggable = resources.filter((r) => r.custom && !/RouteTableAssociation|RolePolicy|Alias/.test(r.type));
    expect(taggable.length).toBeGreaterThan(10);
    for (const r of taggable) {
      expect({ name: r.name, tags: tagsOf(r) }).toMatchObject({
        name: r.name,
        tags: { 'groundwork.dev/environment': 'dev', 'managed-by': 'groundwork', 'cost-center': 'platform-dev' },
      });
    }
  });

  it('exposes subnet ids in AZ order and names AZs deterministically', async () => {
    let network!: Network;
    await plan(() => {
      network = new Network('dev', { spec: resolved(dev) });
    });
    expect(await promiseOf(network.privateSubnetIds[1])).toBe('dev-private-1-id');
    expect(availabilityZoneNames({ region: 'us-east-1', availabilityZones: 3 })).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
  });

  it('matches the dev snapshot', async () => {
    const resources = await plan(() => new Network('dev', { spec: resolved(dev) }));
    expect(snapshotView(resources)).toMatchSnapshot();
  });
});
