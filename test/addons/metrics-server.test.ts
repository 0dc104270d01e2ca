import { metricsServer } from '../../lib/addons/metrics-server';
import { applyDefaults } from '../../lib/spec/defaults';
import { dev, prod } from '../../stacks/environments';

const ctx = (env: typeof dev) => ({ spec: applyDefaults(env), enabled: new Set([metricsServer.id]) });

describe('metrics-server (chart 3.13)', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(metricsServer.values(ctx(env))).toMatchSnapshot();
  });

  it('is HA in production: ≥ 2 replicas, a PDB that allows an eviction, hard zone spread over its own pods', () => {
    const v = metricsServer.values(ctx(prod));
    expect(v.replicas).toBeGreaterThanOrEqual(2);
    expect(v.podDisruptionBudget.enabled).toBe(true);
    // maxUnavailable, never minAvailable: with minAvailable = replicas no node could ever drain.
    expect(v.podDisruptionBudget).not.toHaveProperty('minAvailable');
    expect(v.podDisruptionBudget.maxUnavailable).toBeGreaterThanOrEqual(1);
    expect(v.topologySpreadConstraints).toEqual([
      expect.objectContaining({
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'metrics-server', 'app.kubernetes.io/instance': 'metrics-server' } },
      }),
    ]);
  });

  it('has no disruption budget in development (one replica, no budgets in that tier)', () => {
    expect(metricsServer.values(ctx(dev)).podDisruptionBudget).toEqual({ enabled: false });
  });

  it('has requests, a memory limit and the restricted profile at pod and container level', () => {
    for (const env of [dev, prod]) {
      const v = metricsServer.values(ctx(env));
      expect(v.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(v.resources.limits.memory).toEqual(expect.any(String));
      expect(v.podSecurityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(v.securityContext).toEqual(expect.objectContaining({ allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } }));
    }
  });

  it('verifies kubelet TLS and reaches kubelets on InternalIP', () => {
    for (const env of [dev, prod]) {
      const args = metricsServer.values(ctx(env)).defaultArgs;
      expect(args).toContain('--kubelet-preferred-address-types=InternalIP');
      expect(args.some((a) => a.startsWith('--kubelet-insecure-tls'))).toBe(false);
    }
  });

  it('runs on the system pool', () => {
    const v = metricsServer.values(ctx(dev));
    expect(v.nodeSelector).toEqual({ 'groundwork.dev/pool-role': 'system' });
    expect(v.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
  });
});
