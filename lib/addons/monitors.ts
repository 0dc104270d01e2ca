/**
 * Scrape configuration of the platform: one ServiceMonitor or PodMonitor per metrics endpoint an
 * enabled add-on declares in `monitors`, in that add-on's namespace, selecting exactly the labels
 * and named port it declares. The charts' own ServiceMonitor templates stay off: one mechanism,
 * and every monitor is checked against the rendered Services and pods (test/addons/monitors.test.ts)
 * and becomes a Prometheus → target row of the expected flows (lib/readiness/expected-flows.ts).
 */
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { Construct } from 'constructs';
import { emitModel } from '../k8s/model-object';
import type { ScrapePeer } from '../k8s/tenant';
import type { AddonContext, CatalogueAddon, MetricsEndpoint } from './addon';
import { MONITOR_LABELS } from './kube-prometheus-stack-labels';
import { PROMETHEUS_POD_LABELS } from './kube-prometheus-stack-components';

/** Path Prometheus scrapes when an endpoint names none. */
export const DEFAULT_METRICS_PATH = '/metrics';

/** One monitor to create: the endpoint, the add-on that declared it, and where it lives. */
export interface PlannedMonitor {
  /** Add-on that declared the endpoint. */
  readonly addon: CatalogueAddon;
  /** The declared endpoint. */
  readonly endpoint: MetricsEndpoint;
  /** Object name: `<addon>-<endpoint name>` (the endpoint name alone when it already starts with the add-on id). */
  readonly name: string;
  /** Namespace of the monitor object: the add-on's. */
  readonly namespace: string;
}

/** Every monitor the enabled add-ons declare, in add-on order then declaration order. */
export function plannedMonitors(ctx: AddonContext): PlannedMonitor[] {
  const out: PlannedMonitor[] = [];
  const seen = new Set<string>();
  for (const addon of ctx.addons ?? []) {
    for (const endpoint of addon.monitors?.(ctx) ?? []) {
      // `<addon>-<endpoint>`, without repeating the add-on id when the endpoint name already starts with it.
      const name = endpoint.name === addon.id || endpoint.name.startsWith(`${addon.id}-`) ? endpoint.name : `${addon.id}-${endpoint.name}`;
      const key = `${addon.namespace}/${name}`;
      // Two monitors of one name would overwrite each other at apply time: fail at synth instead.
      if (seen.has(key)) throw new Error(`monitors: ${addon.id} declares the metrics endpoint "${endpoint.name}" twice; give each a unique name`);
      seen.add(key);
      out.push({ addon, endpoint, name, namespace: addon.namespace });
    }
  }
  return out;
}

/** The monitor's namespaceSelector: its own namespace by default, every namespace for `'any'`. */
export function monitorNamespaceSelector(monitor: PlannedMonitor): { any: true } | { matchNames: string[] } {
  const { namespaces } = monitor.endpoint;
  if (namespaces === 'any') return { any: true };
  return { matchNames: [...(namespaces ?? [monitor.namespace])].sort() };
}

function metadata(monitor: PlannedMonitor, ctx: AddonContext) {
  return {
    name: monitor.name,
    namespace: monitor.namespace,
    labels: {
      ...MONITOR_LABELS,
      'app.kubernetes.io/managed-by': 'groundwork',
      'groundwork.dev/addon': monitor.addon.id,
      'groundwork.dev/environment': ctx.spec.name,
    },
  };
}

/**
 * ServiceMonitors and PodMonitors for every enabled add-on's `monitors` (needs the
 * prometheus-operator CRDs: called from the metrics stack's `configure`).
 */
export function addMonitors(scope: Construct, ctx: AddonContext): void {
  for (const monitor of plannedMonitors(ctx)) {
    const { endpoint } = monitor;
    const selector = { matchLabels: { ...endpoint.selector } };
    const namespaceSelector = monitorNamespaceSelector(monitor);
    const scrape = { port: endpoint.port, path: endpoint.path ?? DEFAULT_METRICS_PATH };
    if (endpoint.kind === 'service') {
      emitModel(scope, `servicemonitor-${monitor.namespace}-${monitor.name}`, new ServiceMonitor({
        metadata: metadata(monitor, ctx),
        spec: { selector, namespaceSelector, endpoints: [scrape] },
      }));
    } else {
      emitModel(scope, `podmonitor-${monitor.namespace}-${monitor.name}`, new PodMonitor({
        metadata: metadata(monitor, ctx),
        spec: { selector, namespaceSelector, podMetricsEndpoints: [scrape] },
      }));
    }
  }
}


/** Envoy's Prometheus stats port on every injected sidecar (`http-envoy-prom`). */
export const SIDECAR_METRICS_PORT = 15090;

/**
 * The one port on which the platform's Prometheus may scrape a tenant application's own metrics
 * (ProductionService's `metrics`): Prometheus' egress is default-deny like every platform
 * namespace, so a fixed port keeps its policy finite whatever tenants deploy.
 */
export const TENANT_METRICS_PORT = 9090;

/**
 * Who may scrape tenant pods: the Prometheus pods, on the sidecar's envoy stats port only (the
 * mesh PodMonitor's target). Undefined without the metrics stack or without the mesh: there is
 * nothing to scrape then, and default-deny stays whole.
 */
export function tenantScrapePeer(ctx: AddonContext): ScrapePeer | undefined {
  const metrics = (ctx.addons ?? []).find((a) => a.id === 'kube-prometheus-stack');
  if (!metrics || !ctx.enabled.has('kube-prometheus-stack') || !ctx.enabled.has('istiod')) return undefined;
  return { namespace: metrics.namespace, podLabels: { ...PROMETHEUS_POD_LABELS }, ports: [SIDECAR_METRICS_PORT] };
}
