import { clusterAutoscaler, clusterAutoscalerImageTag } from '../../lib/addons/cluster-autoscaler';
import { applyDefaults } from '../../lib/spec/defaults';
import { workloadRoleArn } from '../../lib/spec/naming';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from '../../lib/spec/versions';
import { dev, prod } from '../../stacks/environments';

const withCa = (env: EnvironmentSpec, kubernetesVersion?: string): EnvironmentSpec => ({
  ...env,
  ...(kubernetesVersion ? { kubernetesVersion } : {}),
  addons: { ...env.addons, autoscaler: 'cluster-autoscaler' },
});
const ctx = (env: EnvironmentSpec, kubernetesVersion?: string) => ({ spec: applyDefaults(withCa(env, kubernetesVersion)), enabled: new Set([clusterAutoscaler.id]) });

describe('cluster-autoscaler (chart 9.59)', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(clusterAutoscaler.values(ctx(env))).toMatchSnapshot();
  });

  it('is selected only when the spec chooses it over Karpenter', () => {
    expect(clusterAutoscaler.isSelected(applyDefaults(prod))).toBe(false);
    expect(clusterAutoscaler.isSelected(ctx(prod).spec)).toBe(true);
  });

  it.each(Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS))("runs the autoscaler release of the cluster's Kubernetes minor (%s), not the chart's v1.35.0", (minor) => {
    const tag = clusterAutoscaler.values(ctx(prod, minor)).image.tag;
    expect(tag.startsWith(`v${minor}.`)).toBe(true);
    expect(tag).toBe(CLUSTER_AUTOSCALER_IMAGE_TAGS[minor as keyof typeof CLUSTER_AUTOSCALER_IMAGE_TAGS].version);
  });

  it('runs v1.36.1 on Kubernetes 1.36', () => {
    expect(clusterAutoscaler.values(ctx(prod, '1.36')).image.tag).toBe('v1.36.1');
  });

  it('refuses a Kubernetes minor without a pinned autoscaler release, naming the fix', () => {
    expect(() => clusterAutoscalerImageTag({ ...ctx(prod).spec, kubernetesVersion: '1.33' })).toThrow(
      'spec.kubernetesVersion: no Cluster Autoscaler release pinned for 1.33; fix: use one of 1.35, 1.36, or Karpenter',
    );
  });

  it('is HA in production: 2 leader-elected replicas, a PDB that allows an eviction, hard zone spread, system pool', () => {
    const v = clusterAutoscaler.values(ctx(prod));
    expect(v.replicaCount).toBe(2);
    expect(v.extraArgs['leader-elect']).toBe(true);
    expect(v.podDisruptionBudget.maxUnavailable).toBeGreaterThanOrEqual(1);
    expect(v.topologySpreadConstraints).toEqual([
      expect.objectContaining({
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'aws-cluster-autoscaler', 'app.kubernetes.io/instance': 'cluster-autoscaler' } },
      }),
    ]);
    expect(v.nodeSelector).toEqual({ 'groundwork.dev/pool-role': 'system' });
    expect(v.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
  });

  it('has requests and a memory limit and the restricted security profile', () => {
    const v = clusterAutoscaler.values(ctx(prod));
    expect(v.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(v.resources.limits.memory).toEqual(expect.any(String));
    expect(v.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }));
    expect(v.securityContext.runAsUser).toBeGreaterThan(0);
    expect(v.containerSecurityContext).toEqual(expect.objectContaining({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }));
  });

  it('can only resize Auto Scaling groups owned by its own cluster', () => {
    const policy = clusterAutoscaler.workloadIdentity!.policy(ctx(prod).spec);
    const writes = policy.Statement.filter((s) => [s.Action].flat().some((a) => a === 'autoscaling:SetDesiredCapacity' || a === 'autoscaling:TerminateInstanceInAutoScalingGroup'));
    expect(writes).toHaveLength(1);
    expect(writes[0].Condition).toEqual({ StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/prod': 'owned' } });
  });

  it('auto-discovers its cluster, uses the IRSA role and balances similar groups', () => {
    const v = clusterAutoscaler.values(ctx(prod));
    expect(v.autoDiscovery.clusterName).toBe('prod');
    expect(v.rbac.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(ctx(prod).spec, 'cluster-autoscaler'));
    expect(v.extraArgs['balance-similar-node-groups']).toBe(true);
  });
});
