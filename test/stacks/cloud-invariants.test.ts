/**
 * Invariants of the stock environments' offline cloud plans: what a production reviewer
 * checks, stated as tests that fail when the property breaks.
 */
import { dev, prod, staging } from '../../stacks/environments';
import { at, ofType, synthesize, type Synthesized } from '../support/environment';

const envs: Record<string, Synthesized> = {};
beforeAll(async () => {
  for (const spec of [dev, staging, prod]) envs[spec.name] = await synthesize(spec);
});

const eachEnv = ['dev', 'staging', 'prod'];

describe('network', () => {
  it('spreads production private subnets across 3 distinct AZs', () => {
    const subnets = ofType(envs.prod.plan, 'aws:ec2/subnet:Subnet').filter((s) => (s.inputs.tags as Record<string, string>)['kubernetes.io/role/internal-elb'] === '1');
    expect(subnets).toHaveLength(3);
    const azs = new Set(subnets.map((s) => s.inputs.availabilityZone));
    expect(azs.size).toBe(3);
  });

  it('gives production one NAT gateway per AZ and other tiers one', () => {
    expect(ofType(envs.prod.plan, 'aws:ec2/natGateway:NatGateway')).toHaveLength(3);
    expect(ofType(envs.dev.plan, 'aws:ec2/natGateway:NatGateway')).toHaveLength(1);
  });

  it.each(eachEnv)('%s records VPC flow logs', (env) => {
    expect(ofType(envs[env].plan, 'aws:ec2/flowLog:FlowLog').length).toBeGreaterThanOrEqual(1);
  });
});

describe('control plane', () => {
  it.each(eachEnv)('%s enables all five control-plane log types', (env) => {
    const [cluster] = ofType(envs[env].plan, 'aws:eks/cluster:Cluster');
    expect([...(cluster.inputs.enabledClusterLogTypes as string[])].sort()).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
  });

  it.each(eachEnv)('%s encrypts secrets with a customer KMS key that rotates', (env) => {
    const [cluster] = ofType(envs[env].plan, 'aws:eks/cluster:Cluster');
    const encryption = cluster.inputs.encryptionConfig as { resources: string[]; provider: { keyArn: string } };
    expect(encryption.resources).toEqual(['secrets']);
    const keys = ofType(envs[env].plan, 'aws:kms/key:Key');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.inputs.enableKeyRotation).toBe(true);
  });

  it.each(eachEnv)('%s keeps the private endpoint on and never opens the API to the internet', (env) => {
    const [cluster] = ofType(envs[env].plan, 'aws:eks/cluster:Cluster');
    const vpc = cluster.inputs.vpcConfig as { endpointPrivateAccess: boolean; endpointPublicAccess: boolean; publicAccessCidrs?: string[] };
    expect(vpc.endpointPrivateAccess).toBe(true);
    if (vpc.endpointPublicAccess) {
      expect(vpc.publicAccessCidrs?.length).toBeGreaterThan(0);
      expect(vpc.publicAccessCidrs).not.toContain('0.0.0.0/0');
    }
  });

  it('keeps the production API endpoint private', () => {
    const [cluster] = ofType(envs.prod.plan, 'aws:eks/cluster:Cluster');
    expect(at(cluster.inputs, 'vpcConfig.endpointPublicAccess')).toBe(false);
  });

  it('protects the production KMS keys and cluster', () => {
    const [cluster] = ofType(envs.prod.plan, 'aws:eks/cluster:Cluster');
    expect(cluster.protect).toBe(true);
    expect(ofType(envs.prod.plan, 'aws:kms/key:Key').filter((k) => /secrets|cluster/.test(k.name)).every((k) => k.protect)).toBe(true);
    expect(ofType(envs.dev.plan, 'aws:eks/cluster:Cluster')[0].protect).toBe(false);
  });

  it.each(eachEnv)('%s maps every admin principal through an access entry', (env) => {
    const entries = ofType(envs[env].plan, 'aws:eks/accessEntry:AccessEntry').map((e) => e.inputs.principalArn);
    for (const admin of envs[env].platform.spec.admins) expect(entries).toContain(admin);
  });
});

describe('node pools', () => {
  it.each(eachEnv)('%s: every node group uses a launch template with IMDSv2 required and encrypted gp3 volumes', (env) => {
    const templates = new Map(ofType(envs[env].plan, 'aws:ec2/launchTemplate:LaunchTemplate').map((t) => [`${t.name}-id`, t]));
    const groups = ofType(envs[env].plan, 'aws:eks/nodeGroup:NodeGroup');
    expect(groups.length).toBe(envs[env].platform.spec.nodePools.length);
    for (const group of groups) {
      expect(group.inputs.remoteAccess).toBeUndefined();
      const template = templates.get(at<string>(group.inputs, 'launchTemplate.id'));
      expect(template).toBeDefined();
      expect(at(template!.inputs, 'metadataOptions.httpTokens')).toBe('required');
      const devices = template!.inputs.blockDeviceMappings as Array<{ ebs: { encrypted: string | boolean; volumeType: string } }>;
      expect(devices.length).toBeGreaterThan(0);
      for (const d of devices) {
        expect(String(d.ebs.encrypted)).toBe('true');
        expect(d.ebs.volumeType).toBe('gp3');
      }
    }
  });

  it.each(eachEnv)('%s: spot node groups are SPOT with at least 3 instance types of one size', (env) => {
    const spot = ofType(envs[env].plan, 'aws:eks/nodeGroup:NodeGroup').filter((g) => g.inputs.capacityType === 'SPOT');
    expect(spot.length).toBeGreaterThan(0);
    for (const group of spot) {
      const types = group.inputs.instanceTypes as string[];
      expect(types.length).toBeGreaterThanOrEqual(3);
      expect(new Set(types.map((t) => t.split('.')[1])).size).toBe(1);
    }
  });

  it('gives production at least two spot pools of different sizes', () => {
    const sizes = ofType(envs.prod.plan, 'aws:eks/nodeGroup:NodeGroup')
      .filter((g) => g.inputs.capacityType === 'SPOT')
      .map((g) => (g.inputs.instanceTypes as string[])[0].split('.')[1]);
    expect(new Set(sizes).size).toBeGreaterThanOrEqual(2);
  });

  it.each(eachEnv)('%s: the system pool is on-demand, tainted CriticalAddonsOnly and spans every private subnet', (env) => {
    const system = ofType(envs[env].plan, 'aws:eks/nodeGroup:NodeGroup').filter((g) => (g.inputs.labels as Record<string, string>)['groundwork.dev/pool-role'] === 'system');
    expect(system).toHaveLength(1);
    expect(system[0].inputs.capacityType).toBe('ON_DEMAND');
    expect(system[0].inputs.taints).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'CriticalAddonsOnly', effect: 'NO_SCHEDULE' })]));
    expect((system[0].inputs.subnetIds as string[]).length).toBe(envs[env].platform.spec.availabilityZones);
  });
});

describe('EKS managed add-ons and identities', () => {
  it.each(eachEnv)('%s pins all five managed add-ons to exact versions', (env) => {
    const addons = ofType(envs[env].plan, 'aws:eks/addon:Addon');
    expect(addons.map((a) => a.inputs.addonName).sort()).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
    for (const addon of addons) expect(addon.inputs.addonVersion).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
  });

  it.each(eachEnv)('%s enables VPC CNI network policy enforcement', (env) => {
    const cni = ofType(envs[env].plan, 'aws:eks/addon:Addon').find((a) => a.inputs.addonName === 'vpc-cni')!;
    expect(JSON.parse(String(cni.inputs.configurationValues)).enableNetworkPolicy).toBe('true');
  });

  it.each(eachEnv)('%s scopes every IRSA trust policy to one service account', (env) => {
    const roles = ofType(envs[env].plan, 'aws:iam/role:Role').filter((r) => String(r.inputs.assumeRolePolicy).includes('AssumeRoleWithWebIdentity'));
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      const policy = JSON.parse(String(role.inputs.assumeRolePolicy)) as { Statement: Array<{ Condition: { StringEquals: Record<string, string> } }> };
      for (const statement of policy.Statement) {
        const subs = Object.entries(statement.Condition.StringEquals).filter(([k]) => k.endsWith(':sub'));
        expect(subs).toHaveLength(1);
        expect(subs[0][1]).toMatch(/^system:serviceaccount:[a-z0-9-]+:[a-z0-9-]+$/);
      }
    }
  });
});
