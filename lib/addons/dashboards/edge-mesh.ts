/**
 * Edge and mesh golden signals: traffic, errors, latency and saturation of the edge proxy the
 * environment runs (the Istio gateway or ingress-nginx) and, with the mesh on, of the services
 * behind it (istio_requests_total as the destination sidecars report it) and of istiod. The ALB
 * edge (mesh off) has no proxy in the cluster: its signals are CloudWatch metrics of the load
 * balancer, which a text panel points to instead of empty graphs.
 */
import type { AddonContext } from '../addon';
import { GATEWAY_RELEASE, ISTIO_NAMESPACE } from '../istio-common';
import { INGRESS_NGINX_NAMESPACE } from '../wildcard-certificate';
import { buildDashboard, type GrafanaDashboard, type PanelDefinition, type RowDefinition } from './builder';

const KSM = 'job="kube-state-metrics"';
const KUBELET = 'job="kubelet"';

/** Fixed uid of the dashboard. */
export const EDGE_MESH_UID = 'groundwork-edge-mesh';

/** The edge proxy's series, by the labels each proxy reports. */
interface EdgeProxy {
  name: string;
  /** Metric selector of every request. */
  requests: string;
  /** Label holding the HTTP status. */
  status: string;
  /** Latency histogram bucket selector and the factor to seconds. */
  latencyBucket: string;
  toSeconds: string;
  /** Pods and container of the proxy (CPU saturation). */
  namespace: string;
  podRegex: string;
  container: string;
}

function edgeProxy(ctx: AddonContext): EdgeProxy | undefined {
  if (ctx.spec.addons.ingress === 'gateway-api' && ctx.enabled.has('istio-ingressgateway')) {
    const sel = `reporter="source",source_workload="${GATEWAY_RELEASE}",source_workload_namespace="${ISTIO_NAMESPACE}"`;
    return { name: 'Istio gateway', requests: `istio_requests_total{${sel}}`, status: 'response_code', latencyBucket: `istio_request_duration_milliseconds_bucket{${sel}}`, toSeconds: ' / 1000', namespace: ISTIO_NAMESPACE, podRegex: `${GATEWAY_RELEASE}-.*`, container: 'istio-proxy' };
  }
  if (ctx.spec.addons.ingress === 'ingress-nginx' && ctx.enabled.has('ingress-nginx')) {
    const sel = `namespace="${INGRESS_NGINX_NAMESPACE}"`;
    return { name: 'ingress-nginx', requests: `nginx_ingress_controller_requests{${sel}}`, status: 'status', latencyBucket: `nginx_ingress_controller_request_duration_seconds_bucket{${sel}}`, toSeconds: '', namespace: INGRESS_NGINX_NAMESPACE, podRegex: 'ingress-nginx-controller-.*', container: 'controller' };
  }
  return undefined;
}

/** `{a="b"}` selector with one more matcher. */
function withMatcher(selector: string, matcher: string): string {
  return selector.replace(/}$/, `,${matcher}}`);
}

function edgePanels(proxy: EdgeProxy): PanelDefinition[] {
  const pods = `namespace="${proxy.namespace}",pod=~"${proxy.podRegex}",container="${proxy.container}"`;
  return [
    { kind: 'timeseries', title: 'Traffic by status class', description: `Requests per second through the ${proxy.name}, by status class.`, unit: 'reqps', width: 12, stacked: true, queries: [{ expr: `sum by (class) (label_replace(rate(${proxy.requests}[5m]), "class", "\${1}xx", "${proxy.status}", "([0-9]).."))`, legend: '{{class}}' }] },
    { kind: 'timeseries', title: 'Errors: 5xx ratio', description: 'Share of edge requests answered with 5xx (EdgeHighErrorRatio fires above 5%; the SLO burn alerts use the same ratio).', unit: 'percentunit', width: 12, queries: [{ expr: `sum(rate(${withMatcher(proxy.requests, `${proxy.status}=~"5.."`)}[5m])) / sum(rate(${proxy.requests}[5m]))`, legend: '5xx' }] },
    {
      kind: 'timeseries',
      title: 'Latency',
      description: 'p50, p90 and p99 of edge request duration (EdgeHighLatency fires when p99 stays above 1 s).',
      unit: 's',
      width: 12,
      queries: ['0.5', '0.9', '0.99'].map((q) => ({ expr: `histogram_quantile(${q}, sum by (le) (rate(${proxy.latencyBucket}[5m])))${proxy.toSeconds}`, legend: `p${Number(q) * 100}` })),
    },
    {
      kind: 'timeseries',
      title: 'Saturation: CPU used / requested',
      description: `CPU of the ${proxy.name} pods over their requests: above 1 they burst into node headroom, and the HPA (when present) adds replicas.`,
      unit: 'percentunit',
      width: 12,
      queries: [{ expr: `sum(rate(container_cpu_usage_seconds_total{${KUBELET},${pods}}[5m])) / sum(kube_pod_container_resource_requests{${KSM},${pods},resource="cpu"})`, legend: 'cpu / requests' }],
    },
  ];
}

function albPanels(): PanelDefinition[] {
  return [
    {
      kind: 'text',
      title: 'Edge: AWS Load Balancer',
      description: 'Why this row has no graphs.',
      width: 24,
      height: 4,
      content: 'This environment\'s edge is an ALB (AWS Load Balancer Controller): no proxy runs in the cluster, so Prometheus has no edge series. Traffic, 5xx and latency are the load balancer\'s CloudWatch metrics (`RequestCount`, `HTTPCode_ELB_5XX_Count`, `HTTPCode_Target_5XX_Count`, `TargetResponseTime`).',
    },
  ];
}

const DEST = 'reporter="destination"';
const BY_SERVICE = 'destination_workload_namespace, destination_service_name';

function meshPanels(): PanelDefinition[] {
  return [
    { kind: 'timeseries', title: 'Requests by service', description: 'Requests per second each meshed service received (destination sidecars).', unit: 'reqps', width: 8, queries: [{ expr: `sum by (${BY_SERVICE}) (rate(istio_requests_total{${DEST}}[5m]))`, legend: '{{destination_workload_namespace}}/{{destination_service_name}}' }] },
    { kind: 'timeseries', title: '5xx ratio by service', description: 'Share of requests a meshed service answered with 5xx (IstioMeshHighErrorRatio fires above 5%).', unit: 'percentunit', width: 8, queries: [{ expr: `sum by (${BY_SERVICE}) (rate(istio_requests_total{${DEST},response_code=~"5.."}[5m])) / sum by (${BY_SERVICE}) (rate(istio_requests_total{${DEST}}[5m]))`, legend: '{{destination_workload_namespace}}/{{destination_service_name}}' }] },
    { kind: 'timeseries', title: 'p99 latency by service', description: 'p99 of request duration as the destination sidecar measures it.', unit: 's', width: 8, queries: [{ expr: `histogram_quantile(0.99, sum by (le, ${BY_SERVICE}) (rate(istio_request_duration_milliseconds_bucket{${DEST}}[5m]))) / 1000`, legend: '{{destination_workload_namespace}}/{{destination_service_name}}' }] },
    { kind: 'timeseries', title: 'istiod: config pushes', description: 'xDS pushes per second by type; `*_senderr` types are failed pushes (IstioXdsPushErrors).', unit: 'ops', width: 12, queries: [{ expr: 'sum by (type) (rate(pilot_xds_pushes[5m]))', legend: '{{type}}' }] },
    { kind: 'timeseries', title: 'istiod: proxy convergence p99', description: 'Time from a config change to every proxy having it: saturation of the control plane.', unit: 's', width: 12, queries: [{ expr: 'histogram_quantile(0.99, sum by (le) (rate(pilot_proxy_convergence_time_bucket[5m])))', legend: 'p99' }] },
  ];
}

/** Rows of the dashboard for what the environment runs. */
function rows(ctx: AddonContext): RowDefinition[] {
  const proxy = edgeProxy(ctx);
  const out: RowDefinition[] = [proxy ? { title: `Edge: ${proxy.name}`, panels: edgePanels(proxy) } : { title: 'Edge', panels: albPanels() }];
  if (ctx.enabled.has('istiod')) out.push({ title: 'Mesh', panels: meshPanels() });
  return out;
}

/** The edge and mesh golden-signals dashboard. */
export function edgeMeshDashboard(ctx: AddonContext): GrafanaDashboard {
  return buildDashboard({
    uid: EDGE_MESH_UID,
    title: `Groundwork / Edge and mesh (${ctx.spec.name})`,
    description: 'Rate, errors, latency and saturation of the edge proxy and of meshed services.',
    tags: ['edge', 'mesh', 'golden-signals'],
    from: 'now-3h',
    rows: rows(ctx),
  });
}
