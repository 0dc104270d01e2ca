import { Platform } from '../../lib/blueprint/platform';
import { SpecValidationError } from '../../lib/spec/errors';
import { prod } from '../../stacks/environments';

describe('Platform.fromSpec', () => {
  it('reports a dependency on a disabled add-on as a spec error naming both add-ons', () => {
    const spec = { ...prod, addons: { ...prod.addons, disabled: ['aws-load-balancer-controller' as const] } };
    expect(() => Platform.fromSpec(spec)).toThrow(SpecValidationError);
    expect(() => Platform.fromSpec(spec)).toThrow(
      'spec.addons.disabled: add-on "istio-ingressgateway" depends on "aws-load-balancer-controller", which is not enabled (it is listed in spec.addons.disabled); fix: remove "aws-load-balancer-controller" from spec.addons.disabled, or also disable "istio-ingressgateway"',
    );
  });

  it('reports a dependency cycle in the catalogue as a spec error', () => {
    const looped = Platform.fromSpec(prod).selection.ordered.map((a) =>
      a.id === 'istio-base' ? { ...a, dependsOn: () => ['istiod' as const] } : a,
    );
    // The message names every add-on that cannot be ordered: the cycle and what waits on it (the edge gateway).
    expect(() => Platform.fromSpec(prod, { catalogue: looped })).toThrow(
      'addons: dependency cycle between add-ons: istio-base → istio-cni → istio-ingressgateway → istiod; fix: remove one of these dependencies so the add-ons can be installed in order',
    );
  });

  it('synthesizes manifests once and reuses them', () => {
    const platform = Platform.fromSpec(prod);
    expect(platform.manifests()).toBe(platform.manifests());
    expect(platform.manifests().charts.map((c) => c.file)).toEqual([
      '00-foundation.k8s.yaml',
      '01-cert-manager-config.k8s.yaml',
      '02-external-secrets-config.k8s.yaml',
      '03-gateway-api-crds.k8s.yaml',
      '04-trivy-operator-config.k8s.yaml',
      '05-velero-config.k8s.yaml',
      '06-karpenter-config.k8s.yaml',
      '07-kube-prometheus-stack-config.k8s.yaml',
      '08-falco-config.k8s.yaml',
      '09-istiod-config.k8s.yaml',
      '10-istio-ingressgateway-config.k8s.yaml',
    ]);
  });
});
