import { Chart, Testing } from 'cdk8s';
import { Tenant } from '../../lib/k8s/tenant';
import { expectedFlows } from '../../lib/readiness/expected-flows';
import { checkFlows } from '../../lib/readiness/flow-check';
import { networkContext } from '../../lib/readiness/flow-verdict';
import { flowName } from '../../lib/readiness/flows';
import { injectMesh } from '../../lib/readiness/inject-pod';
import { readInjector } from '../../lib/readiness/mesh-injector';
import { readNamespaces } from '../../lib/readiness/namespaces';
import { extractPodTemplates } from '../../lib/readiness/pod-templates';
import type { RenderedObject } from '../../lib/readiness/types';
import { deployment, goodContainer, goodSpec, istioFixture, namespaceObject, networkPolicy, PROD } from './helpers';

const spec = { ...PROD, tenants: [PROD.tenants[0]] };
const TENANT = spec.tenants[0].name;

/** The real tenant manifests (namespace, quota, default-deny and allow NetworkPolicies). */
function tenantObjects(meshInjection: boolean): RenderedObject[] {
  const chart = new Chart(Testing.app(), 't');
  new Tenant(chart, 'tenant', { tenant: spec.tenants[0], environment: spec.name, meshInjection, ingressFrom: { namespace: 'ingress-nginx' } });
  return Testing.synth(chart) as RenderedObject[];
}

const nginx = deployment('ingress-nginx-controller', 'ingress-nginx', goodSpec({ serviceAccountName: 'ingress-nginx' }), {
  labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
});

function run(objects: RenderedObject[], mesh = false) {
  const namespaces = readNamespaces(objects);
  const injector = mesh ? readInjector(objects) : undefined;
  const templates = injectMesh(extractPodTemplates(objects), namespaces, injector, { kubernetesVersion: '1.36' }).templates;
  const table = expectedFlows({ spec, objects, templates, namespaces, injector });
  const checked = checkFlows(table.flows, networkContext(objects, namespaces, injector ?? {}));
  return { table, ...checked, byName: (part: string) => checked.checked.filter((c) => flowName(c.flow).includes(part)) };
}

describe('expected flows against the real tenant policies', () => {
  it('lets every tenant pod resolve names (53 UDP and TCP) through its default-deny policies', () => {
    const r = run(tenantObjects(false));
    const dns = r.byName(`Namespace/${TENANT} → kube-dns`);
    expect(dns.map((c) => c.flow.to.protocol).sort()).toEqual(['TCP', 'UDP']);
    expect(dns.every((c) => c.verdict.allowed)).toBe(true);
    expect(dns[0].verdict.evidence).toContain(`egress allowed by NetworkPolicy/${TENANT}/allow-dns-egress`);
  });

  it('flags a tenant whose NetworkPolicies block DNS', () => {
    const objects = tenantObjects(false).filter((o) => o.metadata.name !== 'allow-dns-egress');
    const r = run(objects);
    expect(r.findings.filter((f) => f.problem.includes('kube-dns'))).toEqual([
      expect.objectContaining({ check: 'network.flow.egress', object: `Namespace/${TENANT}`, problem: expect.stringContaining('53/TCP') }),
      expect.objectContaining({ check: 'network.flow.egress', object: `Namespace/${TENANT}`, problem: expect.stringContaining('53/UDP') }),
    ]);
  });

  it('lets the edge (the ingress-nginx controller) reach tenant pods', () => {
    const r = run([...tenantObjects(false), nginx]);
    const edge = r.byName('ingress-nginx-controller → Namespace/');
    expect(edge).toHaveLength(1);
    expect(edge[0].verdict.allowed).toBe(true);
  });

  it('expects no edge flow when there is no edge', () => {
    expect(run(tenantObjects(false)).byName('8080/TCP')).toEqual([]);
  });
});

describe('mesh flows', () => {
  const meshed = () => [...tenantObjects(true), ...istioFixture().objects, nginx, namespaceObject('ingress-nginx', 'restricted')];
  const strict: RenderedObject = { apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } };

  it('sends every meshed tenant pod to istiod on 15012, allowed by allow-mesh-control-plane', () => {
    const r = run(meshed(), true);
    const xds = r.byName('→ istiod 15012');
    expect(xds.map((c) => c.flow.from.ref)).toEqual([`Namespace/${TENANT}`]);
    expect(xds[0].verdict.allowed).toBe(true);
    const without = run(meshed().filter((o) => o.metadata.name !== 'allow-mesh-control-plane'), true);
    expect(without.findings.map((f) => f.check)).toContain('network.flow.egress');
  });

  it('blocks an edge without a sidecar at STRICT tenants, and lets it through once injected', () => {
    const plain = run([...meshed(), strict], true).byName('ingress-nginx-controller → Namespace/')[0];
    expect(plain.verdict.blocked.map((b) => b.layer)).toEqual(['mtls']);
    const injectedNginx = deployment('ingress-nginx-controller', 'ingress-nginx', goodSpec({ serviceAccountName: 'ingress-nginx' }), {
      labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller', 'sidecar.istio.io/inject': 'true' },
    });
    const objects = [...meshed().filter((o) => o !== nginx && o.metadata.name !== 'ingress-nginx-controller'), injectedNginx, strict];
    expect(run(objects, true).byName('ingress-nginx-controller → Namespace/')[0].verdict.allowed).toBe(true);
  });
});

describe('webhook flows from the control plane', () => {
  const ns = 'hooks';
  const webhookPod = deployment('webhook', ns, goodSpec({ containers: [goodContainer('server', { ports: [{ name: 'https', containerPort: 10250 }] })] }), { labels: { app: 'webhook' } });
  const service: RenderedObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'webhook', namespace: ns }, spec: { selector: { app: 'webhook' }, ports: [{ port: 443, targetPort: 'https' }] } };
  const vwc = (svc: string): RenderedObject => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'hooks' },
    webhooks: [{ name: 'validate.example.com', clientConfig: { service: { name: svc, namespace: ns } } }, { name: 'external.example.com', clientConfig: { url: 'https://example.com' } }],
  });

  it("derives the webhook's target pod and named target port from the Service", () => {
    const r = run([webhookPod, service, vwc('webhook')]);
    const [hook] = r.byName('control plane →');
    expect(hook.flow.to.port).toBe(10250);
    expect(hook.flow.from).toEqual({ cidr: spec.vpcCidr, ref: `EKS control plane (VPC ${spec.vpcCidr})` });
    expect(hook.verdict.allowed).toBe(true);
  });

  it('flags a webhook blocked by a default-deny in its namespace, and accepts an ipBlock for the VPC', () => {
    const deny = networkPolicy('deny', ns, { podSelector: {}, policyTypes: ['Ingress'] });
    expect(run([webhookPod, service, vwc('webhook'), deny]).findings).toEqual([expect.objectContaining({ check: 'network.flow.ingress', object: `Deployment/${ns}/webhook` })]);
    const allowVpc = networkPolicy('allow-cp', ns, { podSelector: { matchLabels: { app: 'webhook' } }, ingress: [{ from: [{ ipBlock: { cidr: spec.vpcCidr } }], ports: [{ port: 10250 }] }] });
    expect(run([webhookPod, service, vwc('webhook'), deny, allowVpc]).findings).toEqual([]);
  });

  it('flags a webhook whose Service is not rendered', () => {
    expect(run([webhookPod, service, vwc('missing')]).table.findings).toEqual([
      expect.objectContaining({ check: 'network.webhook-backend', object: 'ValidatingWebhookConfiguration/hooks', problem: expect.stringContaining('not among the rendered objects') }),
    ]);
  });
});

describe('API server flows', () => {
  it('come from platform pods that mount a token, and say what they are not checking', () => {
    const noToken = deployment('static', 'apps', goodSpec({ automountServiceAccountToken: false }));
    const r = run([deployment('ctrl', 'apps', goodSpec()), noToken]);
    expect(r.byName('API server').map((c) => c.flow.from.ref)).toEqual(['Deployment/apps/ctrl']);
    // Nothing left out here: no host-network pods, no monitor without a rendered target.
    expect(r.table.omitted).toEqual([]);
  });
});

describe('monitoring scrape flows', () => {
  const ns = 'apps';
  const prometheus = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Prometheus',
    metadata: { name: 'main', namespace: 'monitoring' },
    spec: { serviceAccountName: 'prometheus', serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: {}, podMonitorSelector: {}, podMonitorNamespaceSelector: {} },
  } as RenderedObject;
  const app = deployment('exporter', ns, goodSpec({ containers: [{ ...goodContainer(), ports: [{ name: 'http-metrics', containerPort: 9402 }] }] }), { labels: { app: 'exporter' } });
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'exporter', namespace: ns, labels: { app: 'exporter' } }, spec: { selector: { app: 'exporter' }, ports: [{ name: 'metrics', port: 80, targetPort: 'http-metrics' }] } } as RenderedObject;
  const monitor = (port: string) =>
    ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'exporter', namespace: ns }, spec: { selector: { matchLabels: { app: 'exporter' } }, endpoints: [{ port }] } }) as RenderedObject;

  it('go from the Prometheus pods to the container port behind the monitored Service port', () => {
    const r = run([prometheus, app, service, monitor('metrics')]);
    const scrapes = r.checked.filter((c) => c.flow.purpose?.startsWith('monitoring scrape'));
    expect(scrapes.map((c) => [c.flow.from.ref, c.flow.to.port, c.verdict.allowed])).toEqual([['Prometheus/monitoring/main', 9402, true]]);
  });

  it('are blocked by a default-deny in the target namespace, and a monitor that reaches no pod is listed as not checked', () => {
    const deny = networkPolicy('deny', ns, { podSelector: {}, policyTypes: ['Ingress'] });
    expect(run([prometheus, app, service, monitor('metrics'), deny]).findings).toEqual([expect.objectContaining({ check: 'network.flow.ingress', object: `Deployment/${ns}/exporter` })]);
    expect(run([prometheus, app, service, monitor('nope')]).table.omitted).toEqual([expect.stringContaining(`ServiceMonitor/${ns}/exporter port nope`)]);
  });
});
