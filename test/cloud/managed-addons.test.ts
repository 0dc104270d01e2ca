import { useMocks, ofType, plan, resolved, snapshotView, type Recorded } from './harness';
void useMocks();
import { eksAddonVersions, ManagedAddons, stableJson, type AddonPhase } from '../../lib/cloud/managed-addons';
import type { ResolvedSpec } from '../../lib/spec/types';
import { EKS_ADDON_VERSIONS_BY_KUBERNETES, KUBERNETES_VERSIONS } from '../../lib/spec/versions';
import { dev, prod } from '../../stacks/environments';

const ADDON = 'aws:eks/addon:Addon';
const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';

function build(spec: ResolvedSpec, phases: AddonPhase[] = ['before-nodes', 'after-nodes']): Promise<Recorded[]> {
  return plan(() => {
    for (const phase of phases) {
      new ManagedAddons(`${spec.name}-addons-${phase}`, { spec, phase, clusterName: spec.name, oidcProviderArn: 'arn:oidc', oidcIssuerUrl: ISSUER });
    }
  });
}
const addon = (resources: Recorded[], name: string): Recorded => ofType(resources, ADDON).find((a) => a.inputs.addonName === name)!;
const config = (r: Recorded): Record<string, unknown> => JSON.parse(String(r.inputs.configurationValues));

describe('ManagedAddons', () => {
  it.each(KUBERNETES_VERSIONS.map((k) => k.version))('installs all six EKS add-ons at exactly the pins of Kubernetes %s', async (version) => {
    const addons = ofType(await build({ ...resolved(dev), kubernetesVersion: version }), ADDON);
    const installed = Object.fromEntries(addons.map((a) => [a.inputs.addonName, a.inputs.addonVersion]));
    const table = Object.fromEntries(Object.entries(EKS_ADDON_VERSIONS_BY_KUBERNETES[version]).map(([name, pin]) => [name, pin.version]));
    expect(installed).toEqual(table);
    // snapshot-controller: the VolumeSnapshot CRDs and controller behind Velero's CSI snapshots.
    expect(Object.keys(installed).sort()).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'snapshot-controller', 'vpc-cni']);
    // kube-proxy must match the cluster's minor (its version skew policy): v1.36.x on 1.36.
    expect(installed['kube-proxy']).toMatch(new RegExp(`^v${version.replace('.', '\\.')}\\.\\d+-eksbuild\\.\\d+$`));
    for (const a of addons) expect(a.inputs).toMatchObject({ resolveConflictsOnCreate: 'OVERWRITE', resolveConflictsOnUpdate: 'OVERWRITE' });
  });

  it('has no pins for a Kubernetes version the table does not offer', () => {
    expect(() => eksAddonVersions('1.34')).toThrow('no EKS add-on pins for Kubernetes 1.34; offered: 1.36, 1.35 (lib/spec/versions.ts)');
  });

  it('installs the CNI before nodes and coredns/EBS CSI after them', async () => {
    const before = ofType(await build(resolved(dev), ['before-nodes']), ADDON).map((a) => a.inputs.addonName).sort();
    expect(before).toEqual(['eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
  });

  it('enables network policy enforcement and prefix delegation in the VPC CNI', async () => {
    const cni = addon(await build(resolved(dev)), 'vpc-cni');
    expect(config(cni)).toMatchObject({ enableNetworkPolicy: 'true', env: { ENABLE_PREFIX_DELEGATION: 'true' } });
  });

  it('runs at least 2 coredns replicas that tolerate the system taint', async () => {
    const devDns = config(addon(await build(resolved(dev)), 'coredns'));
    expect(devDns.replicaCount).toBe(2);
    expect(devDns.tolerations).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Exists' }]);
    expect(config(addon(await build(resolved(prod)), 'coredns')).replicaCount).toBe(3);
  });

  it('gives vpc-cni and EBS CSI their own IRSA roles with the right policies', async () => {
    const resources = await build(resolved(dev));
    expect(addon(resources, 'vpc-cni').inputs.serviceAccountRoleArn).toBe('arn:aws:iam::000000000000:role/dev-vpc-cni');
    expect(addon(resources, 'aws-ebs-csi-driver').inputs.serviceAccountRoleArn).toBe('arn:aws:iam::000000000000:role/dev-aws-ebs-csi-driver');
    const policies = ofType(resources, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').map((a) => a.inputs.policyArn).sort();
    expect(policies).toEqual(['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy', 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy']);
    const [kms] = ofType(resources, 'aws:iam/rolePolicy:RolePolicy');
    expect(JSON.stringify(JSON.parse(String(kms.inputs.policy)))).toContain('kms:CreateGrant');
    const trusts = ofType(resources, 'aws:iam/role:Role').map((r) => JSON.parse(String(r.inputs.assumeRolePolicy)).Statement[0].Condition.StringEquals);
    expect(trusts.map((t) => t['oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub']).sort()).toEqual([
      'system:serviceaccount:kube-system:aws-node',
      'system:serviceaccount:kube-system:ebs-csi-controller-sa',
    ]);
  });

  it('serialises configuration deterministically (sorted keys)', () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}');
  });

  it('matches the dev snapshot', async () => {
    expect(snapshotView(await build(resolved(dev)))).toMatchSnapshot();
  });
});
