import * as pulumi from '@pulumi/pulumi';
import { useMocks, ofType, one, plan, promiseOf, resolved, snapshotView } from './harness';
void useMocks();
import { EksCluster } from '../../lib/cloud/eks-cluster';
import type { ResolvedSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';

function build(spec: ResolvedSpec, holder: { c?: EksCluster } = {}) {
  return plan(() => {
    holder.c = new EksCluster(spec.name, { spec });
  });
}

describe('EksCluster', () => {
  it('composes network, control plane, node pools and managed add-ons in deploy order (cluster-autoscaler: every pool a node group)', async () => {
    const spec = resolved({ ...dev, addons: { ...dev.addons, autoscaler: 'cluster-autoscaler' } });
    const resources = await build(spec);
    const pool = (n: string) => one(resources, 'groundwork:cloud:NodePool', n);
    // A dependency on a component is registered as one on each of its custom children.
    expect(pool('dev-pool-system').dependsOn).toContain('dev-addons-before-nodes-vpc-cni');
    expect(pool('dev-pool-system').dependsOn).not.toContain('dev-pool-spot-general-ng');
    expect(pool('dev-pool-spot-general').dependsOn).toEqual(expect.arrayContaining(['dev-addons-before-nodes-vpc-cni', 'dev-pool-system-ng']));
    const afterNodes = one(resources, 'groundwork:cloud:ManagedAddons', 'dev-addons-after-nodes').dependsOn;
    expect(afterNodes).toEqual(expect.arrayContaining(['dev-pool-system-ng', 'dev-pool-spot-general-ng']));
    expect(one(resources, 'aws:eks/addon:Addon', 'dev-addons-before-nodes-vpc-cni').dependsOn).not.toContain('dev-pool-system-ng');
    expect(one(resources, 'pulumi:providers:kubernetes', 'dev-k8s').dependsOn).toContain('dev-addons-after-nodes-coredns');
  });

  it('with Karpenter, makes only the system pool a node group (workload pools are Karpenter NodePools) and keeps the deploy order', async () => {
    const resources = await build(resolved(dev));
    expect(ofType(resources, 'groundwork:cloud:NodePool').map((p) => p.name)).toEqual(['dev-pool-system']);
    expect(ofType(resources, 'aws:eks/nodeGroup:NodeGroup').map((g) => g.inputs.capacityType)).toEqual(['ON_DEMAND']);
    expect(one(resources, 'groundwork:cloud:NodePool', 'dev-pool-system').dependsOn).toContain('dev-addons-before-nodes-vpc-cni');
    expect(one(resources, 'groundwork:cloud:ManagedAddons', 'dev-addons-after-nodes').dependsOn).toContain('dev-pool-system-ng');
    expect(one(resources, 'pulumi:providers:kubernetes', 'dev-k8s').dependsOn).toContain('dev-addons-after-nodes-coredns');
  });

  it('lets the Kubernetes provider reach a private endpoint only after the private-access ingress rules exist', async () => {
    const spec = resolved({ ...prod, endpoint: { public: false, privateAccess: { cidrs: ['10.99.0.0/24'], securityGroupIds: ['sg-0123456789abcdef0'] } } });
    const resources = await build(spec);
    const rules = ofType(resources, 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule');
    expect(rules.map((r) => [r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort, r.inputs.securityGroupId])).toEqual(
      expect.arrayContaining([
        ['10.99.0.0/24', 443, 443, 'sg-prod-cluster'],
        ['sg-0123456789abcdef0', 443, 443, 'sg-prod-cluster'],
      ]),
    );
    const provider = one(resources, 'pulumi:providers:kubernetes', 'prod-k8s');
    for (const rule of rules) expect(provider.dependsOn).toContain(rule.name);
  });

  it('spreads production over 3 AZs with 3 NAT gateways and protects key and cluster', async () => {
    const resources = await build(resolved(prod));
    expect(ofType(resources, 'aws:ec2/natGateway:NatGateway')).toHaveLength(3);
    const cluster = ofType(resources, 'aws:eks/cluster:Cluster')[0];
    expect((cluster.inputs.vpcConfig as { subnetIds: string[] }).subnetIds).toEqual(['prod-network-private-0-id', 'prod-network-private-1-id', 'prod-network-private-2-id']);
    expect(cluster.protect).toBe(true);
    expect(one(resources, 'aws:kms/key:Key', 'prod-control-plane-secrets-key').protect).toBe(true);
  });

  it('builds an exec-based kubeconfig, exported as a secret, and a server-side-apply provider', async () => {
    const holder: { c?: EksCluster } = {};
    const resources = await build(resolved(dev), holder);
    expect(await pulumi.isSecret(holder.c!.kubeconfig)).toBe(true);
    const kubeconfig = JSON.parse(await promiseOf(holder.c!.kubeconfig));
    expect(kubeconfig.users[0].user.exec).toMatchObject({
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', 'dev', '--region', 'eu-west-1'],
    });
    expect(kubeconfig.clusters[0].cluster).toEqual({ server: 'https://DEV.gr7.eu-west-1.eks.amazonaws.com', 'certificate-authority-data': 'Q0EtREFUQQ==' });
    const provider = one(resources, 'pulumi:providers:kubernetes', 'dev-k8s');
    expect(provider.inputs.kubeconfig).toBe('[secret]');
    expect(provider.inputs.enableServerSideApply).toBe('true');
  });

  it('creates IRSA roles bound to its own OIDC provider through workloadIdentity()', async () => {
    const holder: { c?: EksCluster } = {};
    const resources = await plan(() => {
      holder.c = new EksCluster('dev', { spec: resolved(dev) });
      holder.c.workloadIdentity('cert-manager', 'cert-manager', 'cert-manager', ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    });
    const role = one(resources, 'aws:iam/role:Role', 'dev-irsa-cert-manager-role');
    expect(role.inputs.name).toBe('dev-cert-manager');
    expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal.Federated).toBe(await promiseOf(holder.c!.oidcProviderArn));
  });

  it('exposes cluster outputs', async () => {
    const holder: { c?: EksCluster } = {};
    await build(resolved(dev), holder);
    expect(await promiseOf(holder.c!.clusterName)).toBe('dev');
    expect(await promiseOf(holder.c!.vpcId)).toBe('dev-network-vpc-id');
    expect(await promiseOf(holder.c!.privateSubnetIds)).toEqual(['dev-network-private-0-id', 'dev-network-private-1-id']);
  });

  it('matches the dev snapshot', async () => {
    expect(snapshotView(await build(resolved(dev)))).toMatchSnapshot();
  });
});
