/**
 * The endpoints of the expected flows: rendered pods as flow ends, the EKS-managed ones the
 * objects do not contain (CoreDNS, the control plane), representative tenant pods, and the edge
 * (gateway pods, or the load balancers of Gateway API Gateways).
 */
import { publicSubnetCidrs } from '../spec/subnets';
import type { ResolvedSpec } from '../spec/types';
import { ofKind } from './kube-objects';
import type { InjectorModel } from './mesh-injector';
import { injectionDecision } from './mesh-injection';
import type { Namespaces } from './namespaces';
import type { CidrEndpoint, PodEndpoint } from './flows';
import type { PodTemplate } from './pod-templates';
import { asObject, refOf, type RenderedObject } from './types';

/** A pod template as a flow end. Meshed when the injector added `istio-proxy` (sidecar or gateway template). */
export function podEndpoint(t: PodTemplate): PodEndpoint {
  const injected = t.injected ?? [];
  return {
    namespace: t.namespace,
    podLabels: t.labels,
    serviceAccount: t.spec.serviceAccountName ?? 'default',
    meshed: injected.includes('istio-proxy'),
    // Outbound capture is set up by istio-init (iptables) or the CNI agent, checked by istio-validation.
    capturesOutbound: injected.includes('istio-proxy') && (injected.includes('istio-validation') || injected.includes('istio-init')),
    // Named ports resolve against running containers: native sidecars (restartPolicy Always) count, run-once init containers do not.
    containerPorts: [...(t.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'), ...t.spec.containers].flatMap((c) => c.ports ?? []),
    inboundCapture: inboundCapture(t.annotations),
    ref: t.owner,
  };
}

/** Port list of a sidecar traffic annotation ("8443,9090"; "*" = all; "" = none). */
function portList(value: string): number[] {
  return value.split(',').map((p) => Number(p.trim())).filter((p) => Number.isInteger(p) && p > 0);
}

/** Which inbound ports the injected iptables/CNI rules redirect to the sidecar (istio annotations reference). */
export function inboundCapture(annotations: Record<string, string>): { include: '*' | number[]; exclude: number[] } {
  const include = annotations['traffic.sidecar.istio.io/includeInboundPorts'];
  const exclude = annotations['traffic.sidecar.istio.io/excludeInboundPorts'];
  return { include: include === undefined || include.trim() === '*' ? '*' : portList(include), exclude: exclude ? portList(exclude) : [] };
}

/**
 * Ports of the proxy itself that inbound redirection always skips: envoy's Prometheus stats
 * (15090), the readiness/health port (15021) and the agent's status port (15020). istio-init gets
 * `-d 15090,15021,<status port>` (injection-template.yaml line 110) and istio-cni appends
 * "15020,15021,15090" to the excluded ports; envoy serves them on its own listeners, outside the
 * inbound chain, so neither PeerAuthentication nor AuthorizationPolicy applies to them.
 */
export const PROXY_UNCAPTURED_PORTS: readonly number[] = [15020, 15021, 15090];

/** Whether the destination's sidecar sees inbound connections to `port` at all. */
export function capturesInbound(dest: PodEndpoint, port: number): boolean {
  const capture = dest.inboundCapture ?? { include: '*', exclude: [] };
  if (capture.exclude.includes(port) || PROXY_UNCAPTURED_PORTS.includes(port)) return false;
  return capture.include === '*' || capture.include.includes(port);
}

/** CoreDNS as the EKS managed add-on runs it (labels of the coredns Deployment in kube-system). */
export const KUBE_DNS: PodEndpoint = {
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' },
  containerPorts: [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
  ],
  ref: 'Deployment/kube-system/coredns',
};

/** Host name clients use for the cluster DNS Service. */
export const KUBE_DNS_HOST = 'kube-dns.kube-system.svc.cluster.local';
/** Host name clients use for the API server (`kubernetes.default`). */
export const API_SERVER_HOST = 'kubernetes.default.svc.cluster.local';
/** Port a representative tenant workload serves on (tenants choose their own; any port is treated alike by our policies). */
export const TENANT_APP_PORT = 8080;

/**
 * The EKS control plane as a network source/destination. Its cross-account ENIs sit in the
 * cluster's subnets, so policies see VPC addresses (webhook calls come from them; the private
 * endpoint resolves to them).
 */
export function controlPlane(spec: Pick<ResolvedSpec, 'vpcCidr'>): CidrEndpoint {
  return { cidr: spec.vpcCidr, ref: `EKS control plane (VPC ${spec.vpcCidr})` };
}

/** A representative pod of each tenant, meshed when the injector would inject a plain pod there. */
export function tenantPods(spec: Pick<ResolvedSpec, 'tenants'>, namespaces: Namespaces, injector: InjectorModel | undefined): PodEndpoint[] {
  return spec.tenants.map((t) => {
    const probe: PodTemplate = { owner: `Namespace/${t.name}`, ownerKind: 'Namespace', ownerName: t.name, namespace: t.name, labels: {}, annotations: {}, spec: { containers: [{ name: 'app' }] } };
    const meshed = injector !== undefined && injectionDecision(probe, namespaces.get(t.name), injector).inject;
    return {
      namespace: t.name,
      podLabels: {},
      serviceAccount: 'default',
      meshed,
      capturesOutbound: meshed,
      containerPorts: [{ name: 'http', containerPort: TENANT_APP_PORT, protocol: 'TCP' }],
      ref: `Namespace/${t.name}`,
    };
  });
}

/** Whether a pod template is a north-south entry point (Istio gateway chart or ingress-nginx controller). */
export function isEdgePod(t: PodTemplate): boolean {
  const l = t.labels;
  return l.istio === 'ingressgateway' || (l['app.kubernetes.io/name'] === 'ingress-nginx' && l['app.kubernetes.io/component'] === 'controller');
}

/**
 * Edge sources: rendered gateway/ingress pods, plus Gateway API Gateways. Unless the Gateway names an
 * existing gateway Service in `spec.addresses`, Istio deploys an `istio` class Gateway itself (files/kube-gateway.yaml: pods labelled gateway.networking.k8s.io/gateway-name,
 * Deployment and ServiceAccount named `<gateway>-<class>` per istio/istio#43103). Other classes (the
 * AWS Load Balancer Controller's) send traffic from load balancers in the VPC straight to pod IPs.
 */
export function edgeSources(templates: readonly PodTemplate[], objects: readonly RenderedObject[], spec: Pick<ResolvedSpec, 'vpcCidr' | 'availabilityZones' | 'existingVpc'>): Array<PodEndpoint | CidrEndpoint> {
  const out: Array<PodEndpoint | CidrEndpoint> = templates.filter(isEdgePod).map(podEndpoint);
  for (const gw of ofKind(objects, 'Gateway', 'gateway.networking.k8s.io')) {
    const name = gw.metadata.name ?? '';
    const cls = String(asObject(gw.spec).gatewayClassName ?? '');
    // Manual deployment (istio docs, Gateway API "Manual Deployment"): an address naming an existing
    // gateway Service binds the Gateway to those pods, which are already edge sources above.
    const manual = ((asObject(gw.spec).addresses as unknown[] | undefined) ?? []).some((a) => asObject(a).type === 'Hostname');
    if (cls === 'istio' && manual) continue;
    if (cls === 'istio') {
      out.push({
        namespace: gw.metadata.namespace ?? 'default',
        podLabels: { 'gateway.networking.k8s.io/gateway-name': name, 'gateway.networking.k8s.io/gateway-class-name': cls },
        serviceAccount: `${name}-${cls}`,
        meshed: true,
        ref: refOf(gw),
      });
    } else {
      // An internet-facing load balancer's nodes live in the public subnets: with IP targets, that is
      // the source address tenant pods see (not the whole VPC, where every pod has an address too).
      for (const cidr of publicSubnetCidrs(spec)) {
        out.push({ cidr, ref: `load balancer of ${refOf(gw)} (public subnet ${cidr})` });
      }
    }
  }
  return out;
}

/** Whether the pod can call the API server at all: it mounts a service-account token (pod setting, else its ServiceAccount's). */
export function mountsApiToken(t: PodTemplate, objects: readonly RenderedObject[]): boolean {
  const sa = ofKind(objects, 'ServiceAccount').find((o) => o.metadata.namespace === t.namespace && o.metadata.name === (t.spec.serviceAccountName ?? 'default'));
  const automount = t.spec.automountServiceAccountToken ?? (sa as { automountServiceAccountToken?: boolean } | undefined)?.automountServiceAccountToken;
  if (automount !== false) return true;
  return (t.spec.volumes ?? []).some((v) =>
    ((asObject(v.projected).sources as unknown[] | undefined) ?? []).some((s) => {
      const token = asObject(asObject(s).serviceAccountToken);
      return Object.keys(token).length > 0 && token.audience !== 'istio-ca';
    }),
  );
}
