import { App, Chart } from 'cdk8s';
import { karpenter, karpenterLimits } from '../../lib/addons/karpenter';
import { karpenterControllerPolicy } from '../../lib/addons/karpenter-policy';
import { applyDefaults } from '../../lib/spec/defaults';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';
import { validateObjects } from '../support/schema';

const ctx = (env: EnvironmentSpec) => ({ spec: applyDefaults(env), enabled: new Set(['karpenter' as const]) });
type Obj = { kind: string; metadata: { name: string }; spec: any };
function synth(env: EnvironmentSpec): Obj[] {
  const chart = new Chart(new App(), 'x');
  karpenter.configure!(chart, ctx(env));
  return chart.toJson() as Obj[];
}

describe('karpenter', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(karpenter.values(ctx(env))).toMatchSnapshot();
  });

  it('runs the controller on the system pool (never on nodes it manages), 2 replicas in production', () => {
    const v = karpenter.values(ctx(prod));
    expect(v.nodeSelector).toEqual({ 'groundwork.dev/pool-role': 'system' });
    expect(v.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly' }));
    expect(v.replicas).toBeGreaterThanOrEqual(2);
    expect(v.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::333333333333:role/prod-karpenter');
    expect(v.settings).toEqual({ clusterName: 'prod', interruptionQueue: 'prod-karpenter-interruption' });
  });

  it('launches nodes with IMDSv2 only, one metadata hop and encrypted gp3 volumes', () => {
    const nodeClass = synth(prod).find((o) => o.kind === 'EC2NodeClass')!;
    expect(nodeClass.spec.metadataOptions).toMatchObject({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    for (const d of nodeClass.spec.blockDeviceMappings) expect(d.ebs).toMatchObject({ encrypted: true, volumeType: 'gp3' });
    expect(nodeClass.spec.role).toBe('prod-karpenter-node');
  });

  it('prefers spot with on-demand fallback, consolidates and expires nodes', () => {
    const pool = synth(prod).find((o) => o.kind === 'NodePool')!;
    const capacity = pool.spec.template.spec.requirements.find((r: any) => r.key === 'karpenter.sh/capacity-type');
    expect(capacity.values.sort()).toEqual(['on-demand', 'spot']);
    expect(pool.spec.template.spec.expireAfter).toBe('720h');
    expect(pool.spec.disruption.consolidationPolicy).toBe('WhenEmptyOrUnderutilized');
    expect(pool.spec.limits).toEqual(karpenterLimits(applyDefaults(prod)));
    expect(synth(prod)).toMatchSnapshot();
  });

  it('bounds capacity by the workload pools of the spec', () => {
    // prod: spot-general 30 × 4 vCPU + spot-large 20 × 8 vCPU
    expect(karpenterLimits(applyDefaults(prod))).toEqual({ cpu: '280', memory: '1120Gi' });
  });

  it('scopes iam:PassRole to the Karpenter node role only', () => {
    const pass = karpenterControllerPolicy(applyDefaults(prod)).Statement.filter((s) => [s.Action].flat().includes('iam:PassRole'));
    expect(pass).toHaveLength(1);
    expect(pass[0].Resource).toBe('arn:aws:iam::333333333333:role/prod-karpenter-node');
  });

  it('reads only its own interruption queue', () => {
    const sqs = karpenterControllerPolicy(applyDefaults(prod)).Statement.find((s) => [s.Action].flat().some((a) => a.startsWith('sqs:')))!;
    expect(sqs.Resource).toBe('arn:aws:sqs:eu-west-1:333333333333:prod-karpenter-interruption');
  });

  it('synthesizes objects that validate against the Karpenter v1 CRD schemas', () => {
    expect(validateObjects(synth(prod))).toEqual([]);
  });
});
