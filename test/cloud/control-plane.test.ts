import { useMocks, ofType, one, plan, promiseOf, resolved, snapshotView } from './harness';
void useMocks();
import { API_PORT, CLUSTER_ADMIN_POLICY_ARN, ControlPlane } from '../../lib/cloud/control-plane';
import type { ResolvedSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';

const CLUSTER = 'aws:eks/cluster:Cluster';
const INGRESS = 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule';
const SUBNETS = ['subnet-a', 'subnet-b', 'subnet-c'];

function build(spec: ResolvedSpec, holder?: { cp?: ControlPlane }) {
  return plan(() => {
    const cp = new ControlPlane(spec.name, { spec, subnetIds: SUBNETS.slice(0, spec.availabilityZones), logsKeyArn: 'arn:logs-key' });
    if (holder) holder.cp = cp;
  });
}

describe('ControlPlane', () => {
  it('enables all five control-plane log types', async () => {
    const [cluster] = ofType(await build(resolved(dev)), CLUSTER);
    expect([...(cluster.inputs.enabledClusterLogTypes as string[])].sort()).toEqual(
      ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    );
  });

  it('encrypts Secrets with a rotating KMS key', async () => {
    const resources = await build(resolved(dev));
    const [cluster] = ofType(resources, CLUSTER);
    const key = one(resources, 'aws:kms/key:Key', 'dev-secrets-key');
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(key.inputs.deletionWindowInDays).toBe(30);
    expect(cluster.inputs.encryptionConfig).toEqual({ resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:eu-west-1:000000000000:key/dev-secrets-key' } });
  });

  it('always keeps the private endpoint and never exposes a public one without CIDRs', async () => {
    const prodCluster = ofType(await build(resolved(prod)), CLUSTER)[0].inputs.vpcConfig as Record<string, unknown>;
    expect(prodCluster.endpointPrivateAccess).toBe(true);
    expect(prodCluster.endpointPublicAccess).toBe(false);
    expect(prodCluster.publicAccessCidrs).toBeUndefined();

    const devCluster = ofType(await build(resolved(dev)), CLUSTER)[0].inputs.vpcConfig as Record<string, unknown>;
    expect(devCluster.endpointPrivateAccess).toBe(true);
    expect(devCluster.endpointPublicAccess).toBe(true);
    expect(devCluster.publicAccessCidrs).toEqual(['203.0.113.0/24']);

    const noCidrs: ResolvedSpec = { ...resolved(dev), endpoint: { ...resolved(dev).endpoint, public: true, publicAccessCidrs: [] } };
    const guarded = ofType(await build(noCidrs), CLUSTER)[0].inputs.vpcConfig as Record<string, unknown>;
    expect(guarded.endpointPublicAccess).toBe(false);
    expect(guarded.publicAccessCidrs).toBeUndefined();
  });

  it('lets the privateAccess networks and security groups reach the API on 443 through the cluster security group', async () => {
    const base = resolved(prod);
    const spec: ResolvedSpec = {
      ...base,
      endpoint: { ...base.endpoint, privateAccess: { cidrs: ['10.100.0.0/20'], securityGroupIds: ['sg-0a1b2c3d4e5f60718'] } },
    };
    const holder: { cp?: ControlPlane } = {};
    const rules = ofType(await build(spec, holder), INGRESS).map((r) => ({ name: r.name, ...r.inputs }));
    expect(API_PORT).toBe(443);
    expect(rules).toEqual([
      expect.objectContaining({
        name: 'prod-api-from-10-100-0-0-20',
        securityGroupId: 'sg-prod-cluster',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '10.100.0.0/20',
      }),
      expect.objectContaining({
        name: 'prod-api-from-sg-0a1b2c3d4e5f60718',
        securityGroupId: 'sg-prod-cluster',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        referencedSecurityGroupId: 'sg-0a1b2c3d4e5f60718',
      }),
    ]);
    // A rule never opens more than one source, and never all ports.
    for (const rule of rules) expect(['cidrIpv4' in rule, 'referencedSecurityGroupId' in rule].filter(Boolean)).toHaveLength(1);
    expect(holder.cp!.apiAccessRules).toHaveLength(2);
  });

  it('adds no API ingress rule when privateAccess is empty (nodes reach the API through the cluster security group)', async () => {
    expect(resolved(prod).endpoint.privateAccess).toEqual({ cidrs: [], securityGroupIds: [] });
    expect(ofType(await build(resolved(prod)), INGRESS)).toEqual([]);
  });

  it('places the control plane in every private subnet', async () => {
    const [cluster] = ofType(await build(resolved(prod)), CLUSTER);
    expect((cluster.inputs.vpcConfig as Record<string, unknown>).subnetIds).toEqual(SUBNETS);
  });

  it('uses API access entries only, with no implicit creator admin', async () => {
    const resources = await build(resolved(prod));
    const [cluster] = ofType(resources, CLUSTER);
    expect(cluster.inputs.accessConfig).toEqual({ authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false });
    const associations = ofType(resources, 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation');
    expect(associations.map((a) => a.inputs.principalArn).sort()).toEqual([...resolved(prod).admins].sort());
    for (const a of associations) {
      expect(a.inputs).toMatchObject({ policyArn: CLUSTER_ADMIN_POLICY_ARN, accessScope: { type: 'cluster' } });
    }
    // Besides the two admins, one entry per tenant role (groups only, no policy: test/cloud/access-entries.test.ts).
    const tenantRoles = new Set(resolved(prod).tenants.flatMap((t) => [...t.access.admins, ...t.access.developers, ...t.access.viewers]));
    expect(ofType(resources, 'aws:eks/accessEntry:AccessEntry')).toHaveLength(2 + tenantRoles.size);
  });

  it('creates the control-plane log group before the cluster, with the tier retention', async () => {
    const resources = await build(resolved(staging));
    const group = one(resources, 'aws:cloudwatch/logGroup:LogGroup', 'staging-logs');
    expect(group.inputs).toMatchObject({ name: '/aws/eks/staging/cluster', retentionInDays: 90, kmsKeyId: 'arn:logs-key' });
    expect(ofType(resources, CLUSTER)[0].dependsOn).toContain('staging-logs');
  });

  it('pins version, service CIDR and standard support from the spec', async () => {
    const spec = resolved(prod);
    const [cluster] = ofType(await build(spec), CLUSTER);
    expect(cluster.inputs).toMatchObject({
      name: 'prod',
      version: spec.kubernetesVersion,
      kubernetesNetworkConfig: { serviceIpv4Cidr: spec.serviceCidr },
      upgradePolicy: { supportType: 'STANDARD' },
    });
  });

  it('protects the secrets key and the cluster in production only', async () => {
    const holder: { cp?: ControlPlane } = {};
    const prodPlan = await build(resolved(prod), holder);
    expect(holder.cp!.protected).toBe(true);
    expect(one(prodPlan, 'aws:kms/key:Key', 'prod-secrets-key').protect).toBe(true);
    expect(ofType(prodPlan, CLUSTER)[0].protect).toBe(true);
    expect(ofType(prodPlan, CLUSTER)[0].inputs.deletionProtection).toBe(true);

    const devPlan = await build(resolved(dev), holder);
    expect(holder.cp!.protected).toBe(false);
    expect(devPlan.filter((r) => r.protect)).toEqual([]);
  });

  it('registers an OIDC provider for the cluster issuer with the STS audience', async () => {
    const holder: { cp?: ControlPlane } = {};
    const resources = await build(resolved(dev), holder);
    const [oidc] = ofType(resources, 'aws:iam/openIdConnectProvider:OpenIdConnectProvider');
    expect(oidc.inputs).toMatchObject({ url: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE', clientIdLists: ['sts.amazonaws.com'] });
    expect(await promiseOf(holder.cp!.oidcProviderArn)).toBe('arn:aws:iam::000000000000:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE');
  });

  it('matches the dev snapshot', async () => {
    expect(snapshotView(await build(resolved(dev)))).toMatchSnapshot();
  });
});
