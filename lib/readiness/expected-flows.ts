/**
 * THE expected-flows table: every connection the platform needs, built from the resolved spec and
 * the objects, so a NetworkPolicy, PeerAuthentication, DestinationRule or AuthorizationPolicy that
 * cuts one off fails the checks.
 *
 * | from                                   | to                                         | port        | when                      |
 * |----------------------------------------|--------------------------------------------|-------------|---------------------------|
 * | every tenant pod and platform pod      | kube-dns (CoreDNS, kube-system)            | 53 UDP, TCP | always                    |
 * | every meshed pod (tenants, gateways…)  | istiod                                     | 15012 TCP   | mesh on                   |
 * | edge (gateway / ingress pods, LBs)     | every tenant pod                           | app port    | an edge exists            |
 * | EKS control plane (VPC CIDR)           | each admission webhook's Service backend   | target port | per rendered webhook      |
 * | platform pods mounting an API token    | API server (VPC CIDR, kubernetes.default)  | 443 TCP     | always                    |
 * | Fluent Bit pods (every node)           | Loki gateway pods                          | 8080 TCP    | logs on, sink `loki`      |
 * | every tenant pod                       | OpenTelemetry Collector gateway pods       | 4317, 4318  | traces on, gateway rendered |
 * | every meshed pod (sidecars, gateways)  | OpenTelemetry Collector gateway pods       | 4317 TCP    | traces and mesh on        |
 * | pods whose ServiceAccount has an IRSA role | AWS public endpoints                   | 443 TCP     | per rendered role         |
 * | each add-on's declared need (`network`) | its peer, resolved to rendered pods       | declared    | add-on enabled            |
 * | pods mounting a ConfigMap (Grafana: its | each Service address the configuration    | target port | per rendered address      |
 * | datasource ConfigMaps)                  | names, resolved to its pods               |             |                           |
 * | Prometheus pods (each `Prometheus`)    | every pod its ServiceMonitors/PodMonitors  | metrics     | metrics on (per monitor)  |
 * |                                        | select (meshed tenants: envoy 15090)       | port        |                           |
 *
 * Scrape targets the objects do not contain (operator-managed Prometheus/Alertmanager pods, the
 * kubelet) are listed in `omitted`; see monitoring-flows.ts.
 * Host-network pods are not flow sources: NetworkPolicies and the mesh do not apply to them.
 */
import type { DeclaredNetworkNeed } from '../addons/network';
import type { ResolvedSpec } from '../spec/types';
import { configuredFlows } from './configured-flows';
import { declaredFlows, workloadIdentityFlows } from './declared-flows';
import { API_SERVER_HOST, controlPlane, edgeSources, KUBE_DNS, KUBE_DNS_HOST, mountsApiToken, podEndpoint, TENANT_APP_PORT, tenantPods } from './flow-endpoints';
import { flowName, type Flow, type PodEndpoint } from './flows';
import type { InjectorModel } from './mesh-injector';
import type { Namespaces } from './namespaces';
import type { PodTemplate } from './pod-templates';
import { monitoringScrapeFlows } from './monitoring-flows';
import type { Finding, RenderedObject } from './types';
import { webhookBackends } from './webhook-backends';

/** Inputs of {@link expectedFlows}. */
export interface ExpectedFlowsInput {
  /** The environment. */
  spec: ResolvedSpec;
  /** Every object, namespaces placed. */
  objects: readonly RenderedObject[];
  /** Pod templates after mesh injection. */
  templates: readonly PodTemplate[];
  /** Namespace labels and levels. */
  namespaces: Namespaces;
  /** The mesh injector, when the mesh is rendered. @default none */
  injector?: InjectorModel;
  /** The add-ons' declared connections (`declaredNetworkNeeds`): a row each, resolved against rendered pods. @default [] */
  declared?: readonly DeclaredNetworkNeed[];
}

/** The table, plus findings for rows that cannot even be built (a webhook without a backend). */
export interface ExpectedFlows {
  flows: Flow[];
  findings: Finding[];
  /** Flows deliberately left out, and why. */
  omitted: string[];
}

const ISTIOD_FALLBACK_LABELS = { app: 'istiod' };
/** Fluent Bit's agents and the Loki gateway they push to (lib/addons/fluent-bit.ts, loki.ts): namespaces, pod labels, port, Service host. */
const LOG_SHIPPING = {
  agent: { namespace: 'monitoring-agents', labels: { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': 'fluent-bit' } },
  gateway: { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/component': 'gateway' }, port: 8080, host: 'loki-gateway.monitoring.svc.cluster.local' },
};
/** The OpenTelemetry Collector gateway (lib/addons/opentelemetry-collector.ts): namespace, pod labels, Service host. */
const OTEL_COLLECTOR = {
  namespace: 'monitoring',
  labels: { 'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/instance': 'opentelemetry-collector' },
  host: 'opentelemetry-collector.monitoring.svc.cluster.local',
};

/** Build the expected flows of an environment. */
export function expectedFlows(input: ExpectedFlowsInput): ExpectedFlows {
  const { spec, objects, templates, namespaces, injector } = input;
  const flows: Flow[] = [];
  const platform = templates.filter((t) => t.spec.hostNetwork !== true).map((t) => ({ t, e: podEndpoint(t) }));
  const tenants = tenantPods(spec, namespaces, injector);
  const clients: PodEndpoint[] = [...tenants, ...platform.map((p) => p.e)];

  for (const c of clients) {
    for (const protocol of ['UDP', 'TCP'] as const) {
      flows.push({ name: `${c.ref} → kube-dns 53/${protocol}`, purpose: 'name resolution', from: c, to: { ...KUBE_DNS, port: 53, protocol, host: KUBE_DNS_HOST } });
    }
  }

  if (injector) {
    const istiod = templates.find((t) => t.namespace === injector.namespace && t.labels.app === 'istiod');
    const target: PodEndpoint = istiod ? { ...podEndpoint(istiod) } : { namespace: injector.namespace, podLabels: ISTIOD_FALLBACK_LABELS, ref: `Deployment/${injector.namespace}/istiod` };
    for (const c of clients.filter((x) => x.meshed)) {
      flows.push({ name: `${c.ref} → istiod 15012/TCP`, purpose: 'sidecar configuration (xDS) and workload certificates', from: c, to: { ...target, port: 15012, protocol: 'TCP' } });
    }
  }

  for (const edge of edgeSources(templates, objects, spec)) {
    for (const t of tenants) {
      flows.push({ name: `${edge.ref} → ${t.ref} ${TENANT_APP_PORT}/TCP`, purpose: 'north-south traffic to tenant services', from: edge, to: { ...t, port: TENANT_APP_PORT, protocol: 'TCP', host: `app.${t.namespace}.svc.cluster.local` } });
    }
  }

  const collector = spec.observability.traces.enabled
    ? templates.find((t) => t.namespace === OTEL_COLLECTOR.namespace && Object.entries(OTEL_COLLECTOR.labels).every(([k, v]) => t.labels[k] === v))
    : undefined;
  if (collector) {
    const to = podEndpoint(collector);
    for (const t of tenants) {
      for (const port of [4317, 4318]) {
        flows.push({ name: `${t.ref} → otel collector ${port}/TCP`, purpose: 'OTLP traces from workloads', from: t, to: { ...to, port, protocol: 'TCP', host: OTEL_COLLECTOR.host } });
      }
    }
    if (injector) {
      for (const c of clients.filter((x) => x.meshed)) {
        flows.push({ name: `${c.ref} (istio-proxy) → otel collector 4317/TCP`, purpose: 'mesh spans (Envoy OpenTelemetry tracer)', from: c, to: { ...to, port: 4317, protocol: 'TCP', host: OTEL_COLLECTOR.host } });
      }
    }
  }

  // Log shipping: every node's agent pushes to the Loki gateway (Service port 80 → pod port 8080).
  const rendered = (where: { namespace: string; labels: Record<string, string> }) =>
    templates.find((t) => t.namespace === where.namespace && Object.entries(where.labels).every(([k, v]) => t.labels[k] === v));
  const agent = spec.observability.logs.enabled && spec.observability.logs.sink === 'loki' ? rendered(LOG_SHIPPING.agent) : undefined;
  const lokiGateway = agent ? rendered(LOG_SHIPPING.gateway) : undefined;
  if (agent && lokiGateway) {
    const { port, host } = LOG_SHIPPING.gateway;
    flows.push({ name: `${podEndpoint(agent).ref} → loki gateway ${port}/TCP`, purpose: 'container and node logs (Loki push)', from: podEndpoint(agent), to: { ...podEndpoint(lokiGateway), port, protocol: 'TCP', host } });
  }

  const webhooks = webhookBackends(objects, templates);
  const cp = controlPlane(spec);
  for (const b of webhooks.backends) {
    flows.push({ name: `control plane → ${b.webhook} (${b.template.owner}) ${b.targetPort}/TCP`, purpose: `admission webhook via Service ${b.service}`, from: cp, to: { ...podEndpoint(b.template), port: b.targetPort, protocol: 'TCP' } });
  }

  for (const { e } of platform.filter(({ t }) => mountsApiToken(t, objects))) {
    flows.push({ name: `${e.ref} → API server 443/TCP`, purpose: 'Kubernetes API (controllers, leader election)', from: e, to: { ...cp, port: 443, protocol: 'TCP', host: API_SERVER_HOST } });
  }

  flows.push(...workloadIdentityFlows(objects, templates));
  const declared = declaredFlows(input.declared ?? [], templates, tenants);
  flows.push(...declared.flows);
  flows.push(...configuredFlows(objects, templates));

  const scrapes = monitoringScrapeFlows({ objects, templates, tenants, namespaces, injector });
  flows.push(...scrapes.flows);
  const omitted = scrapes.unresolved.map((m) => `monitoring scrape of ${m}: no rendered pod behind it (operator- or EKS-managed target)`);
  const hostNetwork = templates.filter((t) => t.spec.hostNetwork === true).map((t) => t.owner);
  if (hostNetwork.length) omitted.push(`host-network pods, which policies do not govern: ${hostNetwork.sort().join(', ')}`);
  return { flows: flows.sort((a, b) => (flowName(a) < flowName(b) ? -1 : flowName(a) > flowName(b) ? 1 : 0)), findings: [...webhooks.findings, ...declared.findings], omitted };
}
