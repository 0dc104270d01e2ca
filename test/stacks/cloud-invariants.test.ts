/**
 * Invariants of the stock environments' offline cloud plans: what a production reviewer
 * checks, stated as tests that fail when the property breaks.
 */
import { hasManagedNodeGroup } from '../../lib/cloud/node-pool';
import { EKS_ADDON_VERSIONS_BY_KUBERNETES, type EksAddonName, type KubernetesMinor } from '../../lib/spec/versions';
import { dev, prod, staging } from '../../stacks/environments';
import { at, ofKind, ofType, synthesize, type Synthesized } from '../support/environment';
import { prodAlternatives } from '../support/variants';

const envs: Record<string, Synthesized> = {};
beforeAll(async () => {
  for (const spec of [dev, staging, prod]) envs[spec.name] = await synthesize(spec);
  // cluster-autoscaler scales node groups: every pool, spot included, is an EKS managed node group.
  envs['prod-ca'] = await synthesize(prodAlternatives);
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

  it.each(eachEnv)('%s opens the cluster security group on 443 only to the networks spec.endpoint.privateAccess names', (env) => {
    const { privateAccess } = envs[env].platform.spec.endpoint;
    const rules = ofType(envs[env].plan, 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule');
    const sources = rules.map((r) => String(r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId)).sort();
    expect(sources).toEqual([...privateAccess.cidrs, ...privateAccess.securityGroupIds].sort());
    for (const rule of rules) expect([rule.inputs.fromPort, rule.inputs.toPort, rule.inputs.ipProtocol]).toEqual([443, 443, 'tcp']);
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

/** The one-size part of an instance type (`m6i.xlarge` → `xlarge`). */
const sizeOf = (type: string): string => type.split('.')[1];
/** Values of one requirement key of a Karpenter NodePool. */
const requirement = (pool: object, key: string): string[] | undefined =>
  at<Array<{ key: string; operator: string; values?: string[] }>>(pool, 'spec.template.spec.requirements').find((r) => r.key === key && r.operator === 'In')?.values;
/** Karpenter NodePools that may launch spot capacity. */
const karpenterSpotPools = (env: string) => ofKind(envs[env].objects, 'NodePool').filter((p) => requirement(p, 'karpenter.sh/capacity-type')?.includes('spot'));

describe('node pools', () => {
  const everyPlan = [...eachEnv, 'prod-ca'];

  it.each(everyPlan)('%s: every node group uses a launch template with IMDSv2 required and encrypted gp3 volumes', (env) => {
    const templates = new Map(ofType(envs[env].plan, 'aws:ec2/launchTemplate:LaunchTemplate').map((t) => [`${t.name}-id`, t]));
    const groups = ofType(envs[env].plan, 'aws:eks/nodeGroup:NodeGroup');
    const { spec } = envs[env].platform;
    expect(groups.length).toBe(spec.nodePools.filter((pool) => hasManagedNodeGroup(spec, pool)).length);
    expect(groups.length).toBeGreaterThan(0);
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

  it.each(eachEnv)('%s: with Karpenter every workload pool is a Karpenter NodePool whose EC2NodeClass requires IMDSv2 (one hop) and encrypted gp3 volumes', (env) => {
    const { spec, selection } = envs[env].platform;
    expect(selection.context.enabled.has('karpenter')).toBe(true);
    const workload = spec.nodePools.filter((pool) => !hasManagedNodeGroup(spec, pool)).map((p) => p.name);
    expect(workload.length).toBeGreaterThan(0);
    const pools = ofKind(envs[env].objects, 'NodePool');
    expect(pools.map((p) => p.metadata.name).sort()).toEqual([...workload].sort());
    const classes = new Map(ofKind(envs[env].objects, 'EC2NodeClass').map((c) => [c.metadata.name, c]));
    for (const pool of pools) {
      const nodeClass = classes.get(at<string>(pool, 'spec.template.spec.nodeClassRef.name'));
      expect(nodeClass).toBeDefined();
      expect(at(nodeClass, 'spec.metadataOptions')).toMatchObject({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
      const devices = at<Array<{ ebs: { encrypted: boolean; volumeType: string } }>>(nodeClass, 'spec.blockDeviceMappings');
      expect(devices.length).toBeGreaterThan(0);
      for (const d of devices) expect(d.ebs).toMatchObject({ encrypted: true, volumeType: 'gp3' });
    }
  });

  it.each(eachEnv)('%s: with Karpenter no spot node group exists (nothing would scale it)', (env) => {
    expect(ofType(envs[env].plan, 'aws:eks/nodeGroup:NodeGroup').filter((g) => g.inputs.capacityType === 'SPOT')).toEqual([]);
  });

  it.each(eachEnv)('%s: Karpenter spot pools are diversified over at least 3 instance types of one size', (env) => {
    const spot = karpenterSpotPools(env);
    expect(spot.length).toBeGreaterThan(0);
    for (const pool of spot) {
      const types = requirement(pool, 'node.kubernetes.io/instance-type') ?? [];
      expect(types.length).toBeGreaterThanOrEqual(3);
      expect(new Set(types.map(sizeOf)).size).toBe(1);
    }
  });

  it('cluster-autoscaler: spot node groups are SPOT with at least 3 instance types of one size', () => {
    const spot = ofType(envs['prod-ca'].plan, 'aws:eks/nodeGroup:NodeGroup').filter((g) => g.inputs.capacityType === 'SPOT');
    expect(spot.length).toBe(envs['prod-ca'].platform.spec.nodePools.filter((p) => p.capacity === 'spot').length);
    for (const group of spot) {
      const types = group.inputs.instanceTypes as string[];
      expect(types.length).toBeGreaterThanOrEqual(3);
      expect(new Set(types.map(sizeOf)).size).toBe(1);
    }
  });

  it('gives production at least two spot pools of different sizes (Karpenter NodePools; node groups under cluster-autoscaler)', () => {
    const karpenterSizes = karpenterSpotPools('prod').map((p) => sizeOf(requirement(p, 'node.kubernetes.io/instance-type')![0]));
    expect(new Set(karpenterSizes).size).toBeGreaterThanOrEqual(2);
    const groupSizes = ofType(envs['prod-ca'].plan, 'aws:eks/nodeGroup:NodeGroup')
      .filter((g) => g.inputs.capacityType === 'SPOT')
      .map((g) => sizeOf((g.inputs.instanceTypes as string[])[0]));
    expect(new Set(groupSizes).size).toBeGreaterThanOrEqual(2);
  });

  it.each(everyPlan)('%s: the system pool is on-demand, tainted CriticalAddonsOnly and spans every private subnet', (env) => {
    const system = ofType(envs[env].plan, 'aws:eks/nodeGroup:NodeGroup').filter((g) => (g.inputs.labels as Record<string, string>)['groundwork.dev/pool-role'] === 'system');
    expect(system).toHaveLength(1);
    expect(system[0].inputs.capacityType).toBe('ON_DEMAND');
    expect(system[0].inputs.taints).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'CriticalAddonsOnly', effect: 'NO_SCHEDULE' })]));
    expect((system[0].inputs.subnetIds as string[]).length).toBe(envs[env].platform.spec.availabilityZones);
  });
});

describe('EKS managed add-ons and identities', () => {
  it.each(eachEnv)('%s pins all six managed add-ons to exact versions for its Kubernetes minor (kube-proxy matches the cluster)', (env) => {
    const { kubernetesVersion } = envs[env].platform.spec;
    const pins = EKS_ADDON_VERSIONS_BY_KUBERNETES[kubernetesVersion as KubernetesMinor];
    const addons = ofType(envs[env].plan, 'aws:eks/addon:Addon');
    expect(addons.map((a) => a.inputs.addonName).sort()).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'snapshot-controller', 'vpc-cni']);
    for (const addon of addons) {
      expect(addon.inputs.addonVersion).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      expect(addon.inputs.addonVersion).toBe(pins[addon.inputs.addonName as EksAddonName].version);
    }
    const kubeProxy = addons.find((a) => a.inputs.addonName === 'kube-proxy')!;
    expect(String(kubeProxy.inputs.addonVersion).startsWith(`v${kubernetesVersion}.`)).toBe(true);
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
