import { argoCd } from '../../lib/addons/argo-cd';
import { cilium } from '../../lib/addons/cilium';
import { applyDefaults } from '../../lib/spec/defaults';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';

const ctx = (env: EnvironmentSpec) => ({ spec: applyDefaults(env), enabled: new Set<never>() });
const withCilium: EnvironmentSpec = { ...prod, addons: { ...prod.addons, cni: 'cilium' } };

describe('cilium', () => {
  it('is selected only when the spec chooses it', () => {
    expect(cilium.isSelected(applyDefaults(prod))).toBe(false);
    expect(cilium.isSelected(applyDefaults(withCilium))).toBe(true);
  });
  it('chains on the VPC CNI with Hubble metrics and an HA operator on the system pool', () => {
    const v = cilium.values(ctx(withCilium));
    expect(v.cni).toEqual({ chainingMode: 'aws-cni', exclusive: false });
    expect(v.hubble.metrics.enabled).toEqual(expect.arrayContaining(['dns', 'drop', 'flow']));
    expect(v.operator.replicas).toBeGreaterThanOrEqual(2);
    expect(v.operator.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly' }));
    expect(v).toMatchSnapshot();
  });
});

describe('argo-cd', () => {
  it('runs HA in production (Redis HA, replicated server and repo server with PDBs)', () => {
    const v = argoCd.values(ctx(prod));
    expect(v['redis-ha'].enabled).toBe(true);
    expect(v.redis.enabled).toBe(false);
    for (const c of [v.server, v.repoServer]) {
      expect(c.replicas).toBeGreaterThanOrEqual(2);
      expect(c.pdb.enabled).toBe(true);
    }
    expect(v.configs.params['server.insecure']).toBe(false);
    expect(v).toMatchSnapshot();
  });
  it('stays single-instance in development', () => {
    const v = argoCd.values(ctx(dev));
    expect(v['redis-ha'].enabled).toBe(false);
    expect(v.server.replicas).toBe(1);
  });
});
