import { ingressNginx } from '../../lib/addons/ingress-nginx';
import { applyDefaults } from '../../lib/spec/defaults';
import type { AddonId } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';

const ENABLED: AddonId[] = ['aws-load-balancer-controller', 'cert-manager', 'external-dns', 'ingress-nginx', 'metrics-server'];
const MESH: AddonId[] = ['istio-base', 'istio-cni', 'istiod'];
const ctx = (env: typeof dev) => ({ spec: applyDefaults(env), enabled: new Set(ENABLED) });

describe('ingress-nginx', () => {
  // Production refuses ingress-nginx (spec validation), so staging is the HA tier that runs it.
  it.each([['dev', dev], ['staging', staging]])('values for %s match the snapshot', (_, env) => {
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
    expect(ingressNginx.isSelected({ ...spec, addons: { ...spec.addons, ingress: 'gateway-api' } })).toBe(false);
  });

  it('installs after istiod when the mesh is on, so its pods start with a sidecar (tenants are STRICT)', () => {
    const meshed = { spec: applyDefaults(dev), enabled: new Set<AddonId>([...ENABLED, ...MESH]) };
    expect(ingressNginx.dependsOn(meshed)).toContain('istiod');
    expect(ingressNginx.values(meshed).controller.podLabels).toEqual({ 'sidecar.istio.io/inject': 'true' });
    expect(ingressNginx.dependsOn(ctx(dev))).not.toContain('istiod');
  });

  it('gives the controller requests and a memory limit, and no CPU limit', () => {
    const { resources } = ingressNginx.values(ctx(prod)).controller;
    expect(resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(resources.limits).toEqual({ memory: expect.any(String) });
  });

  it('gives both admission-webhook certgen Jobs requests and a memory limit', () => {
    const { admissionWebhooks } = ingressNginx.values(ctx(dev)).controller;
    for (const job of [admissionWebhooks.createSecretJob, admissionWebhooks.patchWebhookJob]) {
      expect(job.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(job.resources.limits.memory).toBeDefined();
    }
  });

  it('keeps its namespace at Pod Security restricted (the chart and the injected sidecar both comply)', () => {
    expect(ingressNginx.podSecurity).toBe('restricted');
  });
});
