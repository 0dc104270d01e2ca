import { applyDefaults, tierProfile } from '../../lib/spec/defaults';
import { DEFAULT_KUBERNETES_VERSION } from '../../lib/spec/versions';
import { dev, prod } from '../../stacks/environments';

describe('tier defaults', () => {
  it('sizes production for HA and development for cost, with the same security', () => {
    expect(tierProfile('production')).toMatchObject({ replicas: 3, podDisruptionBudget: true, zoneSpread: true, natGatewayPerAz: true, protectResources: true });
    expect(tierProfile('development')).toMatchObject({ replicas: 1, natGatewayPerAz: false, protectResources: false });
  });
  it('taints the system pool CriticalAddonsOnly even when the spec does not', () => {
    const system = applyDefaults(prod).nodePools.find((p) => p.role === 'system')!;
    expect(system.taints).toEqual([{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' }]);
  });
  it('fills every optional field', () => {
    const resolved = applyDefaults({ ...dev, kubernetesVersion: undefined, serviceCidr: undefined, observability: undefined });
    expect(resolved.kubernetesVersion).toBe(DEFAULT_KUBERNETES_VERSION);
    expect(resolved.serviceCidr).toBe('172.20.0.0/16');
    expect(resolved.observability.logRetentionDays).toBe(30);
    // No network reaches the private endpoint unless the spec names it (never a default CIDR).
    expect(resolved.endpoint.privateAccess).toEqual({ cidrs: [], securityGroupIds: [] });
    expect(resolved.addons).toMatchObject({ delivery: 'pulumi', cni: 'vpc-cni', ingress: 'gateway-api', autoscaler: 'karpenter', mesh: true });
    expect(resolved.addons.tls).toEqual({ enabled: true, acmeEmail: 'platform@dev.groundwork.example.com', challenge: 'dns01' });
    expect(resolved.tenants[0].quota).toEqual({ cpu: '4', memory: '8Gi', pods: 50 });
  });
});
