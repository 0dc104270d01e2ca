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
 *
 * Not in the table yet: monitoring scrapes (Prometheus → metrics ports). No Prometheus is part of
 * the platform today; add those rows when an observability stack lands.
 * Host-network pods are not flow sources: NetworkPolicies and the mesh do not apply to them.
 */
import type { ResolvedSpec } from '../spec/types';
import { API_SERVER_HOST, controlPlane, edgeSources, KUBE_DNS, KUBE_DNS_HOST, mountsApiToken, podEndpoint, TENANT_APP_PORT, tenantPods } from './flow-endpoints';
import { flowName, type Flow, type PodEndpoint } from './flows';
import type { InjectorModel } from './mesh-injector';
import type { Namespaces } from './namespaces';
import type { PodTemplate } from './pod-templates';
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
}

/** The table, plus findings for rows that cannot even be built (a webhook without a backend). */
export interface ExpectedFlows {
  flows: Flow[];
  findings: Finding[];
  /** Flows deliberately left out, and why. */
  omitted: string[];
}

const ISTIOD_FALLBACK_LABELS = { app: 'istiod' };

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

  const webhooks = webhookBackends(objects, templates);
  const cp = controlPlane(spec);
  for (const b of webhooks.backends) {
    flows.push({ name: `control plane → ${b.webhook} (${b.template.owner}) ${b.targetPort}/TCP`, purpose: `admission webhook via Service ${b.service}`, from: cp, to: { ...podEndpoint(b.template), port: b.targetPort, protocol: 'TCP' } });
  }

  for (const { e } of platform.filter(({ t }) => mountsApiToken(t, objects))) {
    flows.push({ name: `${e.ref} → API server 443/TCP`, purpose: 'Kubernetes API (controllers, leader election)', from: e, to: { ...cp, port: 443, protocol: 'TCP', host: API_SERVER_HOST } });
  }

  const omitted = ['monitoring scrapes (no Prometheus in the platform yet)'];
  const hostNetwork = templates.filter((t) => t.spec.hostNetwork === true).map((t) => t.owner);
  if (hostNetwork.length) omitted.push(`host-network pods, which policies do not govern: ${hostNetwork.sort().join(', ')}`);
  return { flows: flows.sort((a, b) => (flowName(a) < flowName(b) ? -1 : flowName(a) > flowName(b) ? 1 : 0)), findings: webhooks.findings, omitted };
}
