import { awsLoadBalancerController } from '../../lib/addons/aws-load-balancer-controller';
import { applyDefaults } from '../../lib/spec/defaults';
import { workloadRoleArn } from '../../lib/spec/naming';
import { CHART_VERSIONS } from '../../lib/spec/versions';
import { dev, prod } from '../../stacks/environments';

const ctx = (env: typeof dev) => ({ spec: applyDefaults(env), enabled: new Set([awsLoadBalancerController.id]) });

describe('aws-load-balancer-controller', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(awsLoadBalancerController.values(ctx(env))).toMatchSnapshot();
  });

  it('pins the chart from the version table', () => {
    expect(awsLoadBalancerController.chart).toBe(CHART_VERSIONS['aws-load-balancer-controller']);
    expect(awsLoadBalancerController.chart.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs production with ≥ 2 replicas, a PDB and hard zone spread', () => {
    const v = awsLoadBalancerController.values(ctx(prod));
    expect(v.replicaCount).toBeGreaterThanOrEqual(2);
    expect(v.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(v.topologySpreadConstraints[0].whenUnsatisfiable).toBe('DoNotSchedule');
  });

  it('renders no PDB for a single dev replica (drains must not block)', () => {
    expect(awsLoadBalancerController.values(ctx(dev)).podDisruptionBudget).toEqual({});
  });

  it('tolerates the CriticalAddonsOnly system pool and selects it', () => {
    const v = awsLoadBalancerController.values(ctx(prod));
    expect(v.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
    expect(Object.values(v.nodeSelector)).toContain('system');
  });

  it('annotates its service account with the deterministic IRSA role and finds the VPC by tag', () => {
    const spec = applyDefaults(prod);
    const v = awsLoadBalancerController.values(ctx(prod));
    expect(v.serviceAccount.name).toBe(awsLoadBalancerController.workloadIdentity!.serviceAccount);
    expect(v.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(spec, 'aws-load-balancer-controller'));
    expect(v.vpcTags).toEqual({ Name: 'prod-vpc' });
    expect(v.enableServiceMutatorWebhook).toBe(false);
  });

  it('scopes every mutating ELB/EC2 statement without a fixed ARN to its own cluster tag', () => {
    const policy = awsLoadBalancerController.workloadIdentity!.policy(applyDefaults(prod));
    const deletes = policy.Statement.filter((s) => [s.Action].flat().some((a) => /Delete(LoadBalancer|TargetGroup|SecurityGroup)$/.test(a)));
    expect(deletes.length).toBeGreaterThan(0);
    for (const s of deletes) expect(JSON.stringify(s.Condition)).toContain('elbv2.k8s.aws/cluster');
  });
});
