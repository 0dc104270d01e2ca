/**
 * Platform namespaces are isolated like tenants: default deny in both directions plus exactly the
 * declared connections, and the rendered platform keeps working under them — judged on the rendered
 * output, where the rows that matter come from the rendered objects (webhooks, scrapes, IRSA roles,
 * configured Service addresses), not from the declarations.
 */
import { App, Chart } from 'cdk8s';
import type { DeclaredNetworkNeed } from '../../lib/addons/network';
import { platformNamespaces } from '../../lib/blueprint/manifests';
import { PLATFORM_NETWORK_POLICIES, PlatformNetworkPolicies } from '../../lib/k8s/platform-network-policies';
import { checkReadiness } from '../../lib/readiness';
import { prod } from '../../stacks/environments';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';
import { ALL_RENDER_TARGETS } from '../support/variants';

type Obj = { kind: string; metadata: { name?: string; namespace?: string }; spec?: Record<string, unknown> };

/** The environment's objects with the platform namespaces' policies generated from `needs` instead. */
function withNeeds(env: RenderedEnvironment, needs: readonly DeclaredNetworkNeed[]): Obj[] {
  const namespaces = platformNamespaces(env.platform.selection).map((n) => n.name);
  const chart = new Chart(new App(), 'policies');
  new PlatformNetworkPolicies(chart, 'p', { spec: env.spec, namespaces, needs });
  const foundation = (env.manifests as Obj[]).filter((o) => !(o.kind === 'NetworkPolicy' && namespaces.includes(o.metadata.namespace ?? '')));
  return [...env.releases.flatMap((r) => r.objects as Obj[]), ...foundation, ...(chart.toJson() as Obj[])];
}

function blocked(env: RenderedEnvironment, objects: Obj[], needs: readonly DeclaredNetworkNeed[]): string[] {
  const r = checkReadiness({ spec: env.spec, objects: objects as never, releases: env.releases, exceptions: env.platform.acceptedFindings(), networkNeeds: needs });
  return r.flows.filter((f) => !f.allowed).map((f) => f.name);
}

describe('platform network policies', () => {
  let envProd: RenderedEnvironment;
  beforeAll(async () => {
    envProd = await renderedEnvironment(prod);
  }, 600_000);

  it.each(ALL_RENDER_TARGETS.map((t) => [t.name, t.spec] as const))('%s: every platform namespace denies ingress and egress by default, kube-system is left to EKS', async (_name, spec) => {
    const env = await renderedEnvironment(spec);
    const namespaces = platformNamespaces(env.platform.selection).map((n) => n.name);
    expect(namespaces.length).toBeGreaterThan(3);
    const policies = (env.manifests as Obj[]).filter((o) => o.kind === 'NetworkPolicy');
    for (const ns of namespaces) {
      const deny = policies.find((p) => p.metadata.namespace === ns && p.metadata.name === PLATFORM_NETWORK_POLICIES.defaultDeny);
      expect({ ns, spec: deny?.spec }).toEqual({ ns, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
    }
    expect(policies.filter((p) => p.metadata.namespace === 'kube-system')).toEqual([]);
  }, 600_000);

  it('removing one declared need makes the rendered webhook row fail', () => {
    const needs = envProd.platform.networkNeeds();
    expect(blocked(envProd, withNeeds(envProd, needs), needs)).toEqual([]);
    const without = needs.filter((n) => !(n.addon === 'cert-manager' && n.purpose.startsWith('admission webhook')));
    expect(without.length).toBe(needs.length - 1);
    // The declaration is gone from the table too: the row that fails is the one built from the rendered webhook configuration.
    expect(blocked(envProd, withNeeds(envProd, without), without)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^control plane → ValidatingWebhookConfiguration\/cert-manager-webhook .*10250\/TCP$/)]),
    );
  });

  it("Grafana's configured datasources are rows of the table, allowed, and fail without the metrics stack's declaration", () => {
    const needs = envProd.platform.networkNeeds();
    const r = checkReadiness({ spec: envProd.spec, objects: envProd.objects, releases: envProd.releases, networkNeeds: needs });
    const grafanaToPrometheus = r.flows.filter((f) => /^Deployment\/monitoring\/kube-prometheus-stack-grafana → StatefulSet\/monitoring\/prometheus-.* 9090\/TCP \(configured: /.test(f.name));
    expect(grafanaToPrometheus.map((f) => f.allowed)).toEqual([true]);
    expect(r.flows.some((f) => /^DaemonSet\/monitoring-agents\/fluent-bit → Deployment\/monitoring\/loki-gateway 8080\/TCP \(configured: /.test(f.name) && f.allowed)).toBe(true);
    const without = needs.filter((n) => n.purpose !== 'Grafana queries Prometheus (datasource)');
    expect(without.length).toBe(needs.length - 1);
    expect(blocked(envProd, withNeeds(envProd, without), without)).toEqual([grafanaToPrometheus[0].name]);
  });

  it('every pod with an IRSA role reaches the AWS endpoints, and only on 443', () => {
    const r = checkReadiness({ spec: envProd.spec, objects: envProd.objects, releases: envProd.releases, networkNeeds: envProd.platform.networkNeeds() });
    const aws = r.flows.filter((f) => f.name.endsWith('→ AWS APIs 443/TCP'));
    expect(aws.map((f) => f.name)).toEqual(expect.arrayContaining(['Deployment/external-dns/external-dns → AWS APIs 443/TCP', 'Deployment/karpenter/karpenter → AWS APIs 443/TCP']));
    expect(aws.filter((f) => !f.allowed)).toEqual([]);
    const egress = withNeeds(envProd, envProd.platform.networkNeeds()).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'external-dns');
    const internet = egress.flatMap((p) => ((p.spec?.egress as Array<{ to: Array<{ ipBlock?: { cidr: string; except?: string[] } }>; ports: unknown[] }>) ?? []).filter((e) => e.to.some((t) => t.ipBlock?.cidr === '0.0.0.0/0')));
    expect(internet).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [envProd.spec.vpcCidr, envProd.spec.serviceCidr] } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
  });

  it('a declaration matching no rendered pod is a finding', () => {
    const stale: DeclaredNetworkNeed = { addon: 'external-dns', purpose: 'stale', from: { namespace: 'external-dns', podLabels: { app: 'gone' } }, to: { cidr: '10.9.0.0/16', description: 'x' }, ports: [{ port: 1 }] };
    const r = checkReadiness({ spec: envProd.spec, objects: envProd.objects, releases: envProd.releases, networkNeeds: [stale] });
    const findings = Object.values(r.areas).flat().filter((f) => f.check === 'network.declared-need');
    expect(findings.map((f) => f.problem)).toEqual(['declared connection "stale" matches no rendered pod at its source: its policy opens nothing']);
  });
});
