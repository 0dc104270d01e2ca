import { App, Chart } from 'cdk8s';
import { certManager } from '../../lib/addons/cert-manager';
import { applyDefaults } from '../../lib/spec/defaults';
import { workloadRoleArn } from '../../lib/spec/naming';
import type { AddonId, EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { validateObjects } from '../support/schema';

const ENABLED: AddonId[] = ['aws-load-balancer-controller', 'cert-manager', 'external-dns', 'ingress-nginx'];
/** Production's edge is Gateway API (ingress-nginx is refused there); the mesh serves it. */
const PROD_ENABLED: AddonId[] = ['aws-load-balancer-controller', 'cert-manager', 'external-dns', 'istio-base', 'istio-cni', 'istiod'];
/** ingress-nginx is selectable outside production only. */
const devNginx: EnvironmentSpec = { ...dev, addons: { ...dev.addons, ingress: 'ingress-nginx' } };
const ctx = (env: EnvironmentSpec, enabled: AddonId[] = ENABLED) => ({ spec: applyDefaults(env), enabled: new Set(enabled) });

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec: any };
function synth(env: EnvironmentSpec, enabled: AddonId[] = ENABLED): Obj[] {
  const chart = new Chart(new App(), 'x');
  certManager.configure!(chart, ctx(env, enabled));
  return chart.toJson() as Obj[];
}
const find = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);

describe('cert-manager values', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(certManager.values(ctx(env))).toMatchSnapshot();
  });

  it.each([['staging', staging], ['prod', prod]])('runs controller, webhook and cainjector of %s with ≥ 2 replicas and PDBs', (_, env) => {
    const v = certManager.values(ctx(env));
    for (const c of [v, v.webhook, v.cainjector]) {
      expect(c.replicaCount).toBeGreaterThanOrEqual(2);
      expect(c.podDisruptionBudget.enabled).toBe(true);
    }
  });

  it('gives every PDB room for an eviction (maxUnavailable ≥ 1, never a minAvailable floor)', () => {
    const v = certManager.values(ctx(prod));
    for (const c of [v, v.webhook, v.cainjector]) {
      expect(c.podDisruptionBudget.maxUnavailable).toBeGreaterThanOrEqual(1);
      expect(c.podDisruptionBudget).not.toHaveProperty('minAvailable');
    }
  });

  it('spreads each production component across zones by its own pod labels', () => {
    const v = certManager.values(ctx(prod));
    const components: Array<[typeof v.webhook, string, string]> = [[v, 'cert-manager', 'controller'], [v.webhook, 'webhook', 'webhook'], [v.cainjector, 'cainjector', 'cainjector']];
    for (const [c, name, component] of components) {
      expect(c.topologySpreadConstraints).toEqual([
        expect.objectContaining({
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': component } },
        }),
      ]);
    }
  });

  it('gives every container, the startupapicheck Job included, requests and a memory limit', () => {
    const v = certManager.values(ctx(prod));
    for (const c of [v, v.webhook, v.cainjector, v.startupapicheck]) {
      expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources.limits.memory).toBeDefined();
    }
  });

  it('places all three components on the tainted system pool', () => {
    const v = certManager.values(ctx(prod));
    for (const c of [v, v.webhook, v.cainjector, v.startupapicheck]) {
      expect(c.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
    }
  });

  it('installs and keeps its CRDs, and can read the IRSA token', () => {
    const v = certManager.values(ctx(prod));
    expect(v.crds).toEqual({ enabled: true, keep: true });
    expect(v.securityContext.fsGroup).toBe(1001);
    expect(v.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(ctx(prod).spec, 'cert-manager'));
  });

  it('writes DNS01 records only in the environment hosted zone', () => {
    const policy = certManager.workloadIdentity!.policy(ctx(prod).spec);
    const writes = policy.Statement.filter((s) => [s.Action].flat().includes('route53:ChangeResourceRecordSets'));
    expect(writes.map((s) => s.Resource)).toEqual(['arn:aws:route53:::hostedzone/Z0PROD0000000000000003']);
  });

  it('may write TXT records only (the DNS01 challenge), never the A/CNAME records external-dns owns', () => {
    const policy = certManager.workloadIdentity!.policy(ctx(prod).spec);
    const writes = policy.Statement.filter((s) => [s.Action].flat().includes('route53:ChangeResourceRecordSets'));
    for (const s of writes) expect(s.Condition).toEqual({ 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } });
  });
});

describe('cert-manager configure()', () => {
  it('matches the snapshot for prod', () => {
    expect(synth(prod, PROD_ENABLED)).toMatchSnapshot();
  });

  it('emits staging and production ACME issuers, the self-signed root and the internal CA', () => {
    const objs = synth(prod);
    for (const name of ['letsencrypt-staging', 'letsencrypt-production', 'selfsigned-root', 'internal-ca']) {
      expect(find(objs, 'ClusterIssuer', name)).toBeDefined();
    }
    const root = find(objs, 'Certificate', 'internal-root-ca')!;
    expect(root.metadata.namespace).toBe('cert-manager');
    expect(root.spec).toMatchObject({ isCA: true, privateKey: { algorithm: 'ECDSA', size: 256 } });
    expect(find(objs, 'ClusterIssuer', 'internal-ca')!.spec.ca.secretName).toBe(root.spec.secretName);
  });

  it('issuers solve Route53 DNS01 with the ambient IRSA credentials, never an sts:AssumeRole `role`', () => {
    for (const env of [dev, prod]) {
      for (const name of ['letsencrypt-staging', 'letsencrypt-production']) {
        const solvers = find(synth(env), 'ClusterIssuer', name)!.spec.acme.solvers;
        const route53 = solvers.find((s: any) => s.dns01).dns01.route53;
        expect(route53).toEqual({ region: 'eu-west-1', hostedZoneID: env.addons!.hostedZoneId });
        expect(route53).not.toHaveProperty('role');
      }
    }
  });

  it('adds an HTTP01 solver through ingress-nginx only when it runs', () => {
    const http = (objs: Obj[]) => find(objs, 'ClusterIssuer', 'letsencrypt-production')!.spec.acme.solvers.filter((s: any) => s.http01);
    expect(http(synth(devNginx))).toEqual([{ http01: { ingress: { class: 'nginx' } } }]);
    expect(http(synth(prod, PROD_ENABLED))).toEqual([]);
  });

  it('puts the wildcard certificate in the namespace of the ingress in use', () => {
    const nginx = find(synth(devNginx), 'Certificate', 'dev-wildcard')!;
    expect(nginx.metadata.namespace).toBe('ingress-nginx');
    expect(nginx.spec).toMatchObject({
      secretName: 'dev-wildcard-tls',
      dnsNames: ['*.dev.groundwork.example.com', 'dev.groundwork.example.com'],
      issuerRef: { name: 'letsencrypt-production', kind: 'ClusterIssuer' },
    });
    const istio = find(synth({ ...prod, addons: { ...prod.addons, ingress: 'gateway-api' } }, ['cert-manager', 'istio-ingressgateway']), 'Certificate', 'prod-wildcard')!;
    expect(istio.metadata.namespace).toBe('istio-system');
  });

  it('emits objects that pass schema validation', () => {
    expect(validateObjects(synth(prod, PROD_ENABLED))).toEqual([]);
    expect(validateObjects(synth(devNginx))).toEqual([]);
  });
});
