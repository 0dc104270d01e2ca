/**
 * Every ServiceMonitor/PodMonitor the platform creates scrapes something that really runs: judged
 * on the rendered charts (helm template) and the injected pod templates, with a resolver written
 * independently of lib/readiness/monitoring-flows.ts. Every rendered pod that declares a metrics
 * port is scraped, or listed below with the reason it is not. Scrape flows pass the policies.
 */
import { Chart, Testing } from 'cdk8s';
import type { AddonContext, CatalogueAddon, MetricsEndpoint } from '../../lib/addons/addon';
import { addMonitors, plannedMonitors, tenantScrapePeer } from '../../lib/addons/monitors';
import { Tenant } from '../../lib/k8s/tenant';
import { expectedFlows } from '../../lib/readiness/expected-flows';
import { checkFlows } from '../../lib/readiness/flow-check';
import { networkContext } from '../../lib/readiness/flow-verdict';
import { injectMesh } from '../../lib/readiness/inject-pod';
import { placeAll } from '../../lib/readiness/kube-objects';
import { readInjector } from '../../lib/readiness/mesh-injector';
import { readNamespaces } from '../../lib/readiness/namespaces';
import { extractPodTemplates, type PodTemplate } from '../../lib/readiness/pod-templates';
import { tenantProbeTemplates } from '../../lib/readiness/tenant-probe';
import type { RenderedObject } from '../../lib/readiness/types';
import { isCrd } from '../support/crd-index';
import { renderedEnvironment } from '../support/rendered';
import { validateObjects } from '../support/schema';
import { ALL_RENDER_TARGETS } from '../support/variants';

type Obj = RenderedObject & { spec?: any };

/** Every render target: the stock environments and each add-on choice that changes what is scraped. */
const TARGETS = ALL_RENDER_TARGETS;

/**
 * Rendered pods with a metrics-looking port or prometheus.io annotations that no monitor scrapes,
 * by owner, with the reason. Reviewed like code: a new entry needs a reason a reviewer accepts.
 */
const NOT_SCRAPED: Record<string, string> = {};
// Not flagged, so not listed: metrics-server (its only port is `https`; it serves its own metrics
// with delegated authentication only, and its health shows in the API server's
// aggregator_unavailable_apiservice), Redis without HA (no exporter rendered).

function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

function containerPorts(t: PodTemplate): Array<{ name?: string; containerPort: number }> {
  return [...(t.spec.initContainers ?? []), ...t.spec.containers].flatMap((c) => c.ports ?? []);
}

interface Resolution {
  /** Why the monitor endpoint scrapes nothing (empty when it resolves). */
  problems: string[];
  /** Owners of the pod templates it scrapes. */
  pods: string[];
}

/** What one monitor's endpoint reaches among `objects` and `templates`: Services by labels and port name, then pods by container port. */
function resolve(monitor: Obj, objects: readonly Obj[], templates: readonly PodTemplate[]): Resolution {
  const spec = monitor.spec ?? {};
  const nsSel = spec.namespaceSelector ?? {};
  const inScope = (ns: string) => nsSel.any === true || (nsSel.matchNames ?? [monitor.metadata.namespace]).includes(ns);
  const selector = spec.selector?.matchLabels as Record<string, string> | undefined;
  const problems: string[] = [];
  const pods = new Set<string>();
  if (monitor.kind === 'ServiceMonitor') {
    for (const ep of spec.endpoints ?? []) {
      const services = objects.filter((o) => o.kind === 'Service' && inScope(o.metadata.namespace ?? '') && matches(selector, (o.metadata as any).labels ?? {}));
      const withPort = services.filter((s) => (s.spec?.ports ?? []).some((p: any) => p.name === ep.port));
      if (withPort.length === 0) problems.push(`no Service with labels ${JSON.stringify(selector)} has a port named "${ep.port}" (Services with the labels: ${services.map((s) => s.metadata.name).join(', ') || 'none'})`);
      for (const svc of withPort) {
        const port = svc.spec.ports.find((p: any) => p.name === ep.port);
        const target = port.targetPort ?? port.port;
        const backends = templates.filter((t) => t.namespace === svc.metadata.namespace && matches(svc.spec.selector, t.labels));
        const serving = backends.filter((t) => containerPorts(t).some((c) => (typeof target === 'number' ? c.containerPort === target : c.name === target)));
        if (serving.length === 0) problems.push(`Service ${svc.metadata.namespace}/${svc.metadata.name} port ${ep.port} → ${target}: no rendered pod serves it (pods behind it: ${backends.map((t) => t.owner).join(', ') || 'none'})`);
        serving.forEach((t) => pods.add(t.owner));
      }
    }
  } else {
    for (const ep of spec.podMetricsEndpoints ?? []) {
      const selected = templates.filter((t) => inScope(t.namespace) && matches(selector, t.labels));
      const serving = selected.filter((t) => containerPorts(t).some((c) => c.name === ep.port));
      if (serving.length === 0) problems.push(`no rendered pod with labels ${JSON.stringify(selector)} has a container port named "${ep.port}" (pods with the labels: ${selected.map((t) => t.owner).join(', ') || 'none'})`);
      serving.forEach((t) => pods.add(t.owner));
    }
  }
  return { problems, pods: [...pods].sort() };
}

interface Judged {
  objects: Obj[];
  templates: PodTemplate[];
  ours: Obj[];
  all: Obj[];
  context: Parameters<typeof addMonitors>[1];
  spec: Awaited<ReturnType<typeof renderedEnvironment>>['spec'];
}

const judged = new Map<string, Promise<Judged>>();

/** The environment rendered, with the platform's monitors (from the objects, else synthesized the way the metrics stack's configure does). */
function judge(name: string): Promise<Judged> {
  let found = judged.get(name);
  if (!found) {
    const target = TARGETS.find((t) => t.name === name)!;
    found = renderedEnvironment(target.spec).then((env) => {
      const context = env.platform.selection.context;
      const scope = new Chart(Testing.app(), 'monitors');
      addMonitors(scope, context);
      const synthesized = scope.toJson() as Obj[];
      const key = (o: Obj) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
      const rendered = placeAll(env.objects as RenderedObject[], env.releases) as Obj[];
      const present = new Set(rendered.map(key));
      const objects = [...rendered, ...synthesized.filter((o) => !present.has(key(o)))];
      const namespaces = readNamespaces(objects);
      const injector = readInjector(objects);
      const opts = { kubernetesVersion: env.spec.kubernetesVersion };
      // Rendered pods and a tenant's pod as the injector leaves them (labels and the envoy port included).
      const templates = [
        ...injectMesh(extractPodTemplates(objects), namespaces, injector, opts).templates,
        ...injectMesh(tenantProbeTemplates(env.spec), namespaces, injector, opts).templates,
      ];
      const monitors = objects.filter((o) => (o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor') && o.apiVersion.startsWith('monitoring.coreos.com/'));
      const ours = monitors.filter((o) => (o.metadata as any).labels?.['groundwork.dev/addon'] !== undefined);
      return { objects, templates, ours, all: monitors, context, spec: env.spec };
    });
    judged.set(name, found);
  }
  return found;
}

describe.each(TARGETS.map((t) => t.name))('monitors of %s', (name) => {
  it('creates one monitor per declared endpoint, named <addon>-<endpoint>, in the add-on namespace', async () => {
    const { ours, context } = await judge(name);
    const planned = plannedMonitors(context).map((m) => `${m.endpoint.kind === 'service' ? 'ServiceMonitor' : 'PodMonitor'}/${m.namespace}/${m.name}`);
    expect(ours.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([...planned].sort());
    expect(planned.length).toBeGreaterThan(0);
    expect(ours.map((o) => ({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, spec: o.spec }))).toMatchSnapshot();
  });

  it('validates against the prometheus-operator CRDs the metrics stack renders', async () => {
    const { ours, objects } = await judge(name);
    const crds = objects.filter(isCrd);
    const names = crds.map((c) => (c as { metadata: { name: string } }).metadata.name);
    expect(names).toEqual(expect.arrayContaining(['servicemonitors.monitoring.coreos.com', 'podmonitors.monitoring.coreos.com']));
    expect(validateObjects(ours, { crds })).toEqual([]);
  });

  it('every ServiceMonitor selects a rendered Service with the named port, served by rendered pods; every PodMonitor selects rendered pods with the named port', async () => {
    const { ours, objects, templates } = await judge(name);
    const problems = ours.flatMap((m) => resolve(m, objects, templates).problems.map((p) => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('every rendered pod that declares a metrics port or prometheus.io annotations is scraped (or listed with a reason)', async () => {
    const { all, objects, templates } = await judge(name);
    const scraped = new Set(all.flatMap((m) => resolve(m, objects, templates).pods));
    const exposing = templates.filter(
      (t) => containerPorts(t).some((p) => /metrics/.test(p.name ?? '')) || Object.keys(t.annotations).some((a) => a.startsWith('prometheus.io/')),
    );
    const unscraped = exposing.map((t) => t.owner).filter((o) => !scraped.has(o) && !(o in NOT_SCRAPED));
    expect(unscraped).toEqual([]);
  });

  it('Prometheus reaches every scrape target through the policies, and tenants admit it on the sidecar metrics port only', async () => {
    const { objects, templates, spec, context } = await judge(name);
    const namespaces = readNamespaces(objects);
    const injector = readInjector(objects);
    const table = expectedFlows({ spec, objects, templates: templates.filter((t) => !t.owner.startsWith('Namespace/')), namespaces, injector });
    const scrapes = table.flows.filter((f) => f.purpose?.startsWith('monitoring scrape'));
    expect(scrapes.length).toBeGreaterThan(0);
    const { checked } = checkFlows(scrapes, networkContext(objects, namespaces, injector ?? {}));
    expect(checked.filter((c) => !c.verdict.allowed).map((c) => `${c.flow.name}: ${c.verdict.blocked.map((b) => b.reason).join('; ')}`)).toEqual([]);
    const peer = tenantScrapePeer(context);
    if (context.enabled.has('istiod') && spec.tenants.length > 0) {
      expect(peer?.ports).toEqual([15090]);
      expect(scrapes.some((f) => f.to.port === 15090 && (f.to as { ref?: string }).ref?.startsWith('Namespace/'))).toBe(true);
    }
  });
});

describe('the checks can fail', () => {
  it('a wrong port name or selector in a monitor is reported', async () => {
    const { ours, objects, templates } = await judge('prod');
    const service = ours.find((m) => m.kind === 'ServiceMonitor')!;
    const pod = ours.find((m) => m.kind === 'PodMonitor')!;
    const wrongPort = { ...service, spec: { ...service.spec, endpoints: [{ ...service.spec.endpoints[0], port: 'not-a-port' }] } };
    const wrongSelector = { ...pod, spec: { ...pod.spec, selector: { matchLabels: { app: 'not-an-app' } } } };
    expect(resolve(wrongPort, objects, templates).problems).toHaveLength(1);
    expect(resolve(wrongSelector, objects, templates).problems).toHaveLength(1);
  });

  it('without the tenant scrape policy, Prometheus → tenant sidecar scrapes are blocked', async () => {
    const { objects, templates, spec } = await judge('prod');
    const stripped = objects.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-metrics-scrape'));
    const namespaces = readNamespaces(stripped);
    const injector = readInjector(stripped);
    const table = expectedFlows({ spec, objects: stripped, templates: templates.filter((t) => !t.owner.startsWith('Namespace/')), namespaces, injector });
    const toTenants = table.flows.filter((f) => f.purpose?.startsWith('monitoring scrape') && f.to.port === 15090 && (f.to as { ref?: string }).ref?.startsWith('Namespace/'));
    expect(toTenants.length).toBeGreaterThan(0);
    const { checked } = checkFlows(toTenants, networkContext(stripped, namespaces, injector ?? {}));
    expect(checked.every((c) => c.verdict.blocked.some((b) => b.layer === 'ingress'))).toBe(true);
  });
});

describe('addMonitors', () => {
  const fake = (id: string, namespace: string, endpoints: MetricsEndpoint[]) => ({ id, namespace, monitors: () => endpoints }) as unknown as CatalogueAddon;
  const synth = (addons: CatalogueAddon[]) => {
    const ctx = { spec: { name: 'test' }, enabled: new Set(), addons } as unknown as AddonContext;
    const scope = new Chart(Testing.app(), 'm');
    addMonitors(scope, ctx);
    return scope.toJson() as Obj[];
  };

  it('selects exactly the declared labels and port, in the add-on namespace by default, every namespace for "any"', () => {
    const [svc, pod, listed] = synth([
      fake('cert-manager', 'cert-manager', [
        { name: 'controller', kind: 'service', selector: { app: 'cm' }, port: 'http-metrics' },
        { name: 'cert-manager-sidecars', kind: 'pod', selector: { mesh: 'yes' }, port: 'envoy', path: '/stats', namespaces: 'any' },
        { name: 'listed', kind: 'pod', selector: { a: 'b' }, port: 'p', namespaces: ['b', 'a'] },
      ]),
    ]);
    expect(svc).toMatchObject({ kind: 'ServiceMonitor', metadata: { name: 'cert-manager-controller', namespace: 'cert-manager', labels: { 'groundwork.dev/addon': 'cert-manager' } } });
    expect(svc.spec).toEqual({ selector: { matchLabels: { app: 'cm' } }, namespaceSelector: { matchNames: ['cert-manager'] }, endpoints: [{ port: 'http-metrics', path: '/metrics' }] });
    expect(pod).toMatchObject({ kind: 'PodMonitor', metadata: { name: 'cert-manager-sidecars' } });
    expect(pod.spec).toEqual({ selector: { matchLabels: { mesh: 'yes' } }, namespaceSelector: { any: true }, podMetricsEndpoints: [{ port: 'envoy', path: '/stats' }] });
    expect(listed.spec.namespaceSelector).toEqual({ matchNames: ['a', 'b'] });
  });

  it('refuses two endpoints of one name', () => {
    const e: MetricsEndpoint = { name: 'x', kind: 'service', selector: { a: 'b' }, port: 'p' };
    expect(() => synth([fake('karpenter', 'karpenter', [e, e])])).toThrow(/declares the metrics endpoint "x" twice/);
  });

  it('lets the scrapers into a tenant on the listed ports only', () => {
    const chart = new Chart(Testing.app(), 't');
    const tenant = { name: 'team-a', editors: [], quota: { cpu: '4', memory: '8Gi', pods: 20 } } as unknown as ConstructorParameters<typeof Tenant>[2]['tenant'];
    new Tenant(chart, 'tenant', { tenant, environment: 'prod', meshInjection: true, ingressFrom: { namespace: 'istio-system' }, scrapedBy: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [15090] } });
    const policy = (Testing.synth(chart) as Obj[]).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-metrics-scrape')!;
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ port: 15090, protocol: 'TCP' }],
      },
    ]);
  });
});
