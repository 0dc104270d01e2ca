import type { Addon } from '../../lib/addons/addon';
import { selectAddons } from '../../lib/addons/selection';
import { applyDefaults } from '../../lib/spec/defaults';
import type { AddonId } from '../../lib/spec/types';
import { dev } from '../../stacks/environments';

const chart = { repository: 'https://charts.example.com', chart: 'x', version: '1.0.0', checked: '2026-11-24' };
function fake(id: AddonId, deps: AddonId[] = [], selected = true): Addon {
  return { id, description: id, chart, namespace: id, dependsOn: () => deps, isSelected: () => selected, values: () => ({}) };
}

describe('selectAddons', () => {
  const spec = applyDefaults(dev);

  it('orders add-ons after their dependencies, ties by id', () => {
    const s = selectAddons(spec, [fake('istiod', ['istio-base', 'istio-cni']), fake('istio-cni', ['istio-base']), fake('istio-base'), fake('cert-manager')]);
    expect(s.issues).toEqual([]);
    expect(s.ordered.map((a) => a.id)).toEqual(['cert-manager', 'istio-base', 'istio-cni', 'istiod']);
    expect(s.depth.get('istiod')).toBe(2);
  });

  it('reports a dependency cycle with the add-ons on it', () => {
    const s = selectAddons(spec, [fake('istiod', ['istio-base']), fake('istio-base', ['istiod']), fake('cert-manager')]);
    expect(s.issues).toEqual([
      { path: 'addons', problem: 'dependency cycle between add-ons: istio-base → istiod', fix: expect.stringContaining('remove one of these dependencies') },
    ]);
  });

  it('reports a dependency on a disabled add-on and names the fix', () => {
    const s = selectAddons({ ...spec, addons: { ...spec.addons, disabled: ['cert-manager'] } }, [fake('ingress-nginx', ['cert-manager']), fake('cert-manager')]);
    expect(s.issues).toHaveLength(1);
    expect(s.issues[0].path).toBe('spec.addons.disabled');
    expect(s.issues[0].problem).toBe('add-on "ingress-nginx" depends on "cert-manager", which is not enabled (it is listed in spec.addons.disabled)');
    expect(s.issues[0].fix).toBe('remove "cert-manager" from spec.addons.disabled, or also disable "ingress-nginx"');
  });

  it('reports a dependency on an add-on the spec does not select', () => {
    const s = selectAddons(spec, [fake('karpenter', ['metrics-server']), fake('metrics-server', [], false)]);
    expect(s.issues[0].problem).toContain('the spec does not select it');
  });

  it('leaves unselected and disabled add-ons out', () => {
    const s = selectAddons({ ...spec, addons: { ...spec.addons, disabled: ['argo-cd'] } }, [fake('argo-cd'), fake('cilium', [], false), fake('metrics-server')]);
    expect(s.ordered.map((a) => a.id)).toEqual(['metrics-server']);
  });
});
