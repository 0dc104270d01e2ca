import { ingressNginx } from '../../lib/addons/ingress-nginx';
import { applyDefaults } from '../../lib/spec/defaults';
import type { AddonId } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';

const ENABLED: AddonId[] = ['aws-load-balancer-controller', 'cert-manager', 'external-dns', 'ingress-nginx', 'metrics-server'];
const ctx = (env: typeof dev) => ({ spec: applyDefaults(env), enabled: new Set(ENABLED) });

describe('ingress-nginx', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(ingressNginx.values(ctx(env))).toMatchSnapshot();
  });

  it.each([['staging', staging], ['prod', prod]])('runs %s with ≥ 2 replicas and a PDB', (_, env) => {
    const c = ingressNginx.values(ctx(env)).controller;
    // The chart renders its PDB (minAvailable) whenever replicaCount > 1.
    expect(c.replicaCount).toBeGreaterThanOrEqual(2);
    expect(c.minAvailable).toBeGreaterThanOrEqual(1);
    expect(c.minAvailable).toBeLessThan(c.replicaCount);
  });

  it('runs on the system pool, webhook patch job included', () => {
    const c = ingressNginx.values(ctx(prod)).controller;
    for (const tolerations of [c.tolerations, c.admissionWebhooks.patch.tolerations]) {
      expect(tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
    }
  });

  it('is exposed through an internet-facing NLB with IP targets owned by the LB controller', () => {
    const a = ingressNginx.values(ctx(prod)).controller.service.annotations;
    expect(a['service.beta.kubernetes.io/aws-load-balancer-type']).toBe('external');
    expect(a['service.beta.kubernetes.io/aws-load-balancer-nlb-target-type']).toBe('ip');
    expect(a['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internet-facing');
    expect(a['service.beta.kubernetes.io/aws-load-balancer-attributes']).toContain('cross_zone.enabled=true');
  });

  it('serves the wildcard certificate cert-manager issues into its namespace', () => {
    const c = ingressNginx.values(ctx(prod)).controller;
    expect(c.extraArgs['default-ssl-certificate']).toBe('ingress-nginx/prod-wildcard-tls');
  });

  it('keeps the ServiceMonitor off while no prometheus-operator is enabled, admission webhooks on', () => {
    const c = ingressNginx.values(ctx(prod)).controller;
    expect(c.metrics).toEqual({ enabled: true, serviceMonitor: { enabled: false } });
    expect(c.admissionWebhooks.enabled).toBe(true);
    expect(c.ingressClassResource).toEqual({ name: 'nginx', enabled: true, default: true });
  });

  it('depends on the LB controller, and on cert-manager only when TLS is on', () => {
    const spec = applyDefaults(prod);
    expect(ingressNginx.dependsOn(ctx(prod))).toEqual(['aws-load-balancer-controller', 'cert-manager']);
    const noTls = { ...spec, addons: { ...spec.addons, tls: { ...spec.addons.tls, enabled: false } } };
    expect(ingressNginx.dependsOn({ spec: noTls, enabled: new Set(ENABLED) })).toEqual(['aws-load-balancer-controller']);
    expect(ingressNginx.isSelected({ ...spec, addons: { ...spec.addons, ingress: 'istio-gateway' } })).toBe(false);
  });
});
