import { App, Chart } from 'cdk8s';
import { awsLoadBalancerController } from '../../lib/addons/aws-load-balancer-controller';
import { applyDefaults } from '../../lib/spec/defaults';
import { workloadRoleArn } from '../../lib/spec/naming';
import type { AddonId } from '../../lib/spec/types';
import { CHART_VERSIONS } from '../../lib/spec/versions';
import { dev, prod } from '../../stacks/environments';
import { renderedEnvironment } from '../support/rendered';
import { prodGitops, prodMeshOff } from '../support/variants';

const ctx = (env: typeof dev, enabled: AddonId[] = [awsLoadBalancerController.id, 'cert-manager']) => ({ spec: applyDefaults(env), enabled: new Set<AddonId>(enabled) });
const configured = (env: typeof dev) => {
  const chart = new Chart(new App(), 'x');
  awsLoadBalancerController.configure!(chart, ctx(env));
  return chart.toJson() as Array<{ kind: string }>;
};

describe('aws-load-balancer-controller', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(awsLoadBalancerController.values(ctx(env))).toMatchSnapshot();
  });

  it('pins the chart from the version table', () => {
    expect(awsLoadBalancerController.chart).toBe(CHART_VERSIONS['aws-load-balancer-controller']);
    expect(awsLoadBalancerController.chart.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs production with ≥ 2 replicas, a PDB that allows an eviction, hard zone spread and a memory limit', () => {
    const v = awsLoadBalancerController.values(ctx(prod));
    expect(v.replicaCount).toBeGreaterThanOrEqual(2);
    expect(v.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(v.topologySpreadConstraints[0].whenUnsatisfiable).toBe('DoNotSchedule');
    expect(v.resources.limits.memory).toMatch(/^\d+Mi$/);
    expect(v.podSecurityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('takes its webhook certificate from cert-manager whenever cert-manager runs, and waits for it', () => {
    expect(awsLoadBalancerController.values(ctx(prod)).enableCertManager).toBe(true);
    expect(awsLoadBalancerController.dependsOn(ctx(prod))).toContain('cert-manager');
    const without = ctx(prod, [awsLoadBalancerController.id]);
    expect(awsLoadBalancerController.values(without).enableCertManager).toBe(false);
    expect(awsLoadBalancerController.dependsOn(without)).not.toContain('cert-manager');
  });

  it('renders no webhook certificate of its own under GitOps (nothing that changes on every sync)', async () => {
    const { releases } = await renderedEnvironment(prodGitops);
    const lbc = releases.find((r) => r.release === awsLoadBalancerController.id)!;
    expect(lbc.generated).toEqual([]);
    const kinds = lbc.objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining(['Certificate/aws-load-balancer-serving-cert', 'Issuer/aws-load-balancer-root-issuer']));
    expect(lbc.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const webhook of lbc.objects.filter((o) => /WebhookConfiguration$/.test(o.kind))) {
      expect((webhook.metadata as { annotations?: Record<string, string> }).annotations?.['cert-manager.io/inject-ca-from']).toBe('kube-system/aws-load-balancer-serving-cert');
      expect(JSON.stringify(webhook)).not.toContain('caBundle');
    }
  }, 300_000);

  it('serves the Gateway API edge only without the mesh: ALB gateway controller, CRDs first, edge objects', () => {
    const meshOff = awsLoadBalancerController.values(ctx(prodMeshOff));
    expect(meshOff.controllerConfig.featureGates).toEqual({ ALBGatewayAPI: true, NLBGatewayAPI: false });
    expect(awsLoadBalancerController.dependsOn(ctx(prodMeshOff))).toContain('gateway-api-crds');
    expect(configured(prodMeshOff).map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRole', 'Gateway', 'GatewayClass', 'HTTPRoute', 'LoadBalancerConfiguration', 'TargetGroupConfiguration']);
    // Tenants' rights on HTTPRoutes (aggregated into edit and view) come with the edge that serves them.
    expect(configured(prodMeshOff).filter((o) => o.kind === 'ClusterRole').map((o) => (o as unknown as { metadata: { name: string } }).metadata.name).sort()).toEqual(['groundwork-tenant-gateway-api-edit', 'groundwork-tenant-gateway-api-view']);
    expect(awsLoadBalancerController.values(ctx(prod)).controllerConfig.featureGates.ALBGatewayAPI).toBe(false);
    expect(awsLoadBalancerController.dependsOn(ctx(prod))).not.toContain('gateway-api-crds');
    expect(configured(prod)).toEqual([]);
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
