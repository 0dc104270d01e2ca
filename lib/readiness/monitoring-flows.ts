/**
 * The "monitoring scrapes" rows of the expected flows: every Prometheus (prometheus-operator
 * `Prometheus` resource) to every pod a ServiceMonitor or PodMonitor it selects resolves to, on
 * the container port the scrape reaches. Built from the objects (monitors, Services, pod templates
 * after injection), so a NetworkPolicy or mesh policy that cuts a scrape off fails the checks.
 * Prometheus pods are created by the operator, not rendered: their labels and identity are the
 * operator's (`prometheus-<name>` StatefulSet, pods labelled as below).
 */
import { KUBE_DNS, podEndpoint } from './flow-endpoints';
import type { Flow, PodEndpoint } from './flows';
import { ofKind } from './kube-objects';
import { isEmptySelector, matchesSelector, readSelector, type SelectorModel } from './label-selector';
import type { InjectorModel } from './mesh-injector';
import { injectionDecision } from './mesh-injection';
import type { Namespaces } from './namespaces';
import { prometheusSelectorLabels } from './operator-workloads';
import type { PodTemplate } from './pod-templates';
import { TLS_MODE_LABEL } from './sidecar-template';
import { asObject, asObjects, asStringMap, refOf, type RenderedObject } from './types';

/** Envoy's stats port on every injected pod (the sidecar template's `http-envoy-prom`). */
const ENVOY_STATS_PORT = { name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' };
/** CoreDNS's metrics port as the EKS managed add-on declares it. */
const COREDNS_METRICS_PORT = { name: 'metrics', containerPort: 9153, protocol: 'TCP' };

/** A pod a scrape can reach: its endpoint and whether it runs in the host network. */
interface Candidate {
  endpoint: PodEndpoint;
  hostNetwork: boolean;
}

/** Labels the operator puts on the pods of `Prometheus/<name>` (prometheus-operator v0.93), plus `podMetadata.labels`. */
export function prometheusPodLabels(prometheus: RenderedObject): Record<string, string> {
  const name = prometheus.metadata.name ?? '';
  return { ...asStringMap(asObject(asObject(prometheus.spec).podMetadata).labels), ...prometheusSelectorLabels(name) };
}

/** The Prometheus pods of `prometheus` as a flow source (meshed when the injector would inject them). */
export function prometheusEndpoint(prometheus: RenderedObject, namespaces: Namespaces, injector: InjectorModel | undefined): PodEndpoint {
  const spec = asObject(prometheus.spec);
  const namespace = prometheus.metadata.namespace ?? 'default';
  const labels = prometheusPodLabels(prometheus);
  const annotations = asStringMap(asObject(spec.podMetadata).annotations);
  const probe: PodTemplate = { owner: refOf(prometheus), ownerKind: 'StatefulSet', ownerName: `prometheus-${prometheus.metadata.name}`, namespace, labels, annotations, spec: { containers: [{ name: 'prometheus' }] } };
  const meshed = injector !== undefined && injectionDecision(probe, namespaces.get(namespace), injector).inject;
  return { namespace, podLabels: labels, serviceAccount: String(spec.serviceAccountName ?? 'default'), meshed, capturesOutbound: meshed, ref: refOf(prometheus) };
}

/** Namespaces a selector on namespace labels picks: `undefined` = only `own`, empty = every one. */
function namespacesBy(selector: SelectorModel | undefined, own: string, all: readonly string[], namespaces: Namespaces): string[] {
  if (selector === undefined) return [own];
  return all.filter((n) => matchesSelector(selector, namespaces.get(n).labels));
}

/** A monitor's own `namespaceSelector`: `any`, `matchNames`, else the monitor's namespace. */
function monitorNamespaces(monitor: RenderedObject, all: readonly string[]): string[] {
  const sel = asObject(asObject(monitor.spec).namespaceSelector);
  if (sel.any === true) return [...all];
  const names = Array.isArray(sel.matchNames) ? sel.matchNames.map(String) : [];
  return names.length > 0 ? names : [monitor.metadata.namespace ?? 'default'];
}

function containerPort(c: Candidate, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  return (c.endpoint.containerPorts ?? []).find((p) => p.name === port)?.containerPort;
}

/** Every pod a scrape can reach: rendered templates, tenant pods (with envoy's port when meshed) and CoreDNS. */
function candidates(templates: readonly PodTemplate[], tenants: readonly PodEndpoint[]): Candidate[] {
  return [
    ...templates.map((t) => ({ endpoint: podEndpoint(t), hostNetwork: t.spec.hostNetwork === true })),
    ...tenants.map((t) => ({
      endpoint: t.meshed ? { ...t, podLabels: { ...t.podLabels, [TLS_MODE_LABEL]: 'istio' }, containerPorts: [...(t.containerPorts ?? []), ENVOY_STATS_PORT] } : t,
      hostNetwork: false,
    })),
    { endpoint: { ...KUBE_DNS, containerPorts: [...(KUBE_DNS.containerPorts ?? []), COREDNS_METRICS_PORT] }, hostNetwork: false },
  ];
}

/** Inputs of {@link monitoringScrapeFlows}. */
export interface MonitoringFlowsInput {
  objects: readonly RenderedObject[];
  /** Pod templates after mesh injection. */
  templates: readonly PodTemplate[];
  /** Representative tenant pods. */
  tenants: readonly PodEndpoint[];
  namespaces: Namespaces;
  injector?: InjectorModel;
}

/** Prometheus → scrape target flows, and the monitor endpoints that reach no rendered pod. */
export function monitoringScrapeFlows(input: MonitoringFlowsInput): { flows: Flow[]; unresolved: string[] } {
  const { objects, namespaces, injector } = input;
  const flows: Flow[] = [];
  const unresolved = new Set<string>();
  const pods = candidates(input.templates, input.tenants);
  const all = [...new Set([...namespaces.declared(), ...pods.map((p) => p.endpoint.namespace), ...objects.map((o) => o.metadata.namespace ?? 'default')])].sort();
  const services = ofKind(objects, 'Service');

  for (const prometheus of ofKind(objects, 'Prometheus', 'monitoring.coreos.com')) {
    const spec = asObject(prometheus.spec);
    const source = prometheusEndpoint(prometheus, namespaces, injector);
    const own = source.namespace;
    const kinds = [
      { kind: 'ServiceMonitor', selector: spec.serviceMonitorSelector, nsSelector: spec.serviceMonitorNamespaceSelector },
      { kind: 'PodMonitor', selector: spec.podMonitorSelector, nsSelector: spec.podMonitorNamespaceSelector },
    ];
    for (const { kind, selector, nsSelector } of kinds) {
      // A nil monitor selector selects no monitor at all (operator API); a nil namespace selector its own namespace.
      const monitorSelector = readSelector(selector);
      if (monitorSelector === undefined) continue;
      const inNamespaces = new Set(namespacesBy(readSelector(nsSelector), own, all, namespaces));
      const monitors = ofKind(objects, kind, 'monitoring.coreos.com').filter(
        (m) => inNamespaces.has(m.metadata.namespace ?? 'default') && matchesSelector(monitorSelector, asStringMap(asObject(m.metadata).labels)),
      );
      for (const monitor of monitors) {
        const targetSelector = readSelector(asObject(monitor.spec).selector) ?? {};
        const where = new Set(monitorNamespaces(monitor, all));
        const endpoints = asObjects(kind === 'ServiceMonitor' ? asObject(monitor.spec).endpoints : asObject(monitor.spec).podMetricsEndpoints);
        for (const ep of endpoints) {
          const portName = ep.port ?? ep.portNumber ?? ep.targetPort;
          // Each target: the pod and the container port the scrape connects to.
          const targets: Array<{ pod: Candidate; port: number }> = [];
          if (kind === 'ServiceMonitor') {
            for (const svc of services.filter((s) => where.has(s.metadata.namespace ?? 'default') && matchesSelector(targetSelector, asStringMap(asObject(s.metadata).labels)))) {
              const svcSpec = asObject(svc.spec);
              const svcPort = asObjects(svcSpec.ports).find((p) => p.name === portName || p.port === portName);
              const podSelector = { matchLabels: asStringMap(svcSpec.selector) };
              if (!svcPort || isEmptySelector(podSelector)) continue;
              for (const pod of pods.filter((p) => p.endpoint.namespace === svc.metadata.namespace && matchesSelector(podSelector, p.endpoint.podLabels))) {
                const port = containerPort(pod, svcPort.targetPort ?? svcPort.port);
                if (port !== undefined) targets.push({ pod, port });
              }
            }
          } else {
            for (const pod of pods.filter((p) => where.has(p.endpoint.namespace) && matchesSelector(targetSelector, p.endpoint.podLabels))) {
              const port = containerPort(pod, portName);
              if (port !== undefined) targets.push({ pod, port });
            }
          }
          const label = `${refOf(monitor)} port ${String(portName)}`;
          if (targets.length === 0) unresolved.add(label);
          // Host-network pods are reached on the node's address, which policies do not govern.
          for (const { pod, port } of targets.filter((t) => !t.pod.hostNetwork)) {
            flows.push({
              name: `${source.ref} → ${pod.endpoint.ref} ${port}/TCP (${monitor.metadata.name})`,
              purpose: `monitoring scrape (${label})`,
              from: source,
              to: { ...pod.endpoint, port, protocol: 'TCP' },
            });
          }
        }
      }
    }
  }
  const unique = [...new Map(flows.map((f) => [f.name, f])).values()];
  return { flows: unique, unresolved: [...unresolved].sort() };
}
