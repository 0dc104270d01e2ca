/**
 * Connections the rendered components are configured to make, read from their configuration rather
 * than from our declarations: every in-cluster Service address (`<svc>.<ns>.svc[.cluster.local][:port]`)
 * in a ConfigMap a pod mounts — Fluent Bit's Loki output, the collector's exporters, the Loki
 * gateway's upstreams, Loki's memberlist join — and in Grafana's datasource ConfigMaps (loaded by
 * its sidecar, then queried by Grafana). Each address resolves through the rendered Service to the
 * pods and container port the connection reaches; one that resolves to no rendered pod is left out
 * (EKS-managed targets such as CoreDNS).
 */
import type { Flow } from './flows';
import { podEndpoint } from './flow-endpoints';
import { ofKind } from './kube-objects';
import { matchesSelector } from './label-selector';
import type { PodTemplate } from './pod-templates';
import { asObject, asObjects, asStringMap, refOf, type RenderedObject } from './types';

/** `scheme://svc.ns[:port]` or `svc.ns.svc[.cluster.local][:port]` (a bare `a.b` is too ambiguous to count). */
const SERVICE_ADDRESS = /(?:(https?|grpc):\/\/)?\b([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)(\.svc(?:\.cluster\.local)?)?(?::(\d+))?(?![a-z0-9.-])/g;
/** Label Grafana's datasource sidecar loads ConfigMaps by (lib/addons/grafana-values.ts). */
const GRAFANA_DATASOURCE_LABEL = 'grafana_datasource';

/** Pods that read `configMap`: mounting it (volume or projected source), or Grafana for its datasources. */
function readers(configMap: RenderedObject, templates: readonly PodTemplate[]): PodTemplate[] {
  const ns = configMap.metadata.namespace;
  const name = configMap.metadata.name;
  if (asStringMap(asObject(configMap.metadata).labels)[GRAFANA_DATASOURCE_LABEL] !== undefined) {
    return templates.filter((t) => t.namespace === ns && t.labels['app.kubernetes.io/name'] === 'grafana');
  }
  return templates.filter(
    (t) =>
      t.namespace === ns &&
      (t.spec.volumes ?? []).some(
        (v) => asObject(v.configMap).name === name || asObjects(asObject(v.projected).sources).some((s) => asObject(s.configMap).name === name),
      ),
  );
}

/** Every connection a mounted configuration names, resolved to rendered pods and ports. */
export function configuredFlows(objects: readonly RenderedObject[], templates: readonly PodTemplate[]): Flow[] {
  const services = ofKind(objects, 'Service');
  const flows = new Map<string, Flow>();
  for (const cm of ofKind(objects, 'ConfigMap')) {
    const sources = readers(cm, templates).filter((t) => t.spec.hostNetwork !== true);
    if (sources.length === 0) continue;
    const text = Object.values(asStringMap(cm.data)).join('\n');
    for (const [, scheme, svcName, svcNs, svcSuffix, explicitPort] of text.matchAll(SERVICE_ADDRESS)) {
      if (!scheme && !svcSuffix) continue;
      const svc = services.find((s) => s.metadata.name === svcName && s.metadata.namespace === svcNs);
      if (!svc) continue;
      const spec = asObject(svc.spec);
      const port = explicitPort ? Number(explicitPort) : scheme === 'https' ? 443 : 80;
      const svcPort = asObjects(spec.ports).find((p) => p.port === port);
      const selector = asStringMap(spec.selector);
      if (!svcPort || Object.keys(selector).length === 0) continue;
      for (const dest of templates.filter((t) => t.namespace === svcNs && t.spec.hostNetwork !== true && matchesSelector({ matchLabels: selector }, t.labels))) {
        const target = svcPort.targetPort ?? port;
        const containerPort =
          typeof target === 'number' ? target : dest.spec.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
        if (containerPort === undefined) continue;
        for (const src of sources) {
          const name = `${src.owner} → ${dest.owner} ${containerPort}/TCP (configured: ${svcName}.${svcNs}:${port})`;
          flows.set(name, {
            name,
            purpose: `configured in ${refOf(cm)}`,
            from: podEndpoint(src),
            to: { ...podEndpoint(dest), port: containerPort, protocol: 'TCP', host: `${svcName}.${svcNs}.svc.cluster.local` },
          });
        }
      }
    }
  }
  return [...flows.values()];
}
