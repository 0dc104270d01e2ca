import { metricsServer } from '../../lib/addons/metrics-server';
import { applyDefaults } from '../../lib/spec/defaults';
import { dev, prod } from '../../stacks/environments';

const ctx = (env: typeof dev) => ({ spec: applyDefaults(env), enabled: new Set([metricsServer.id]) });

describe('metrics-server', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(metricsServer.values(ctx(env))).toMatchSnapshot();
  });

  it('is highly available in production', () => {
    const v = metricsServer.values(ctx(prod));
    expect(v.replicas).toBeGreaterThanOrEqual(2);
    expect(v.podDisruptionBudget.enabled).toBe(true);
    expect(v.topologySpreadConstraints[0].whenUnsatisfiable).toBe('DoNotSchedule');
  });

  it('verifies kubelet TLS and reaches kubelets on InternalIP', () => {
    for (const env of [dev, prod]) {
      const args = metricsServer.values(ctx(env)).defaultArgs;
      expect(args).toContain('--kubelet-preferred-address-types=InternalIP');
      expect(args.some((a) => a.startsWith('--kubelet-insecure-tls'))).toBe(false);
    }
  });

  it('runs on the system pool', () => {
    expect(metricsServer.values(ctx(dev)).tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
  });
});
