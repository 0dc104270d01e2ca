import { clusterAutoscaler } from '../../lib/addons/cluster-autoscaler';
import { applyDefaults } from '../../lib/spec/defaults';
import { workloadRoleArn } from '../../lib/spec/naming';
import { dev, prod } from '../../stacks/environments';

const ctx = (env: typeof dev) => ({ spec: applyDefaults({ ...env, addons: { ...env.addons, autoscaler: 'cluster-autoscaler' } }), enabled: new Set([clusterAutoscaler.id]) });

describe('cluster-autoscaler', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(clusterAutoscaler.values(ctx(env))).toMatchSnapshot();
  });

  it('is selected only when the spec chooses it over Karpenter', () => {
    expect(clusterAutoscaler.isSelected(applyDefaults(prod))).toBe(false);
    expect(clusterAutoscaler.isSelected(ctx(prod).spec)).toBe(true);
  });

  it('can only resize Auto Scaling groups owned by its own cluster', () => {
    const policy = clusterAutoscaler.workloadIdentity!.policy(ctx(prod).spec);
    const writes = policy.Statement.filter((s) => [s.Action].flat().some((a) => a === 'autoscaling:SetDesiredCapacity' || a === 'autoscaling:TerminateInstanceInAutoScalingGroup'));
    expect(writes).toHaveLength(1);
    expect(writes[0].Condition).toEqual({ StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/prod': 'owned' } });
  });

  it('auto-discovers its cluster, uses the IRSA role and runs on the system pool', () => {
    const v = clusterAutoscaler.values(ctx(prod));
    expect(v.autoDiscovery.clusterName).toBe('prod');
    expect(v.rbac.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(ctx(prod).spec, 'cluster-autoscaler'));
    expect(v.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
    expect(v.extraArgs['balance-similar-node-groups']).toBe(true);
  });
});
