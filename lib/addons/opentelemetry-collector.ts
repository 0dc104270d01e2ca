/**
 * OpenTelemetry Collector gateway (Deployment) in `monitoring`: receives OTLP from tenant
 * workloads and from Istio's sidecars and exports traces to Tempo; watches Kubernetes events
 * (k8sobjects receiver, leader-elected so only one replica ships them) into the log sink, Loki
 * over OTLP or CloudWatch Logs.
 *
 * Image: `otel/opentelemetry-collector-k8s` (the Kubernetes distribution: otlp receiver and
 * exporters, k8sobjects, k8s_attributes, the k8s_leader_elector extension — the chart itself wires
 * `k8s_leader_elector` into k8sobjects for this image at 0.170.0) — smaller than contrib, with only
 * Kubernetes-relevant components. The CloudWatch Logs sink needs `awscloudwatchlogs`, which only
 * the contrib distribution ships, so that sink switches to `otel/opentelemetry-collector-contrib`
 * (same version, same config otherwise).
 */
import type { IamPolicyDocument } from '../spec/iam';
import { logGroupName, workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { LOKI_GATEWAY_PEER, LOKI_GATEWAY_PORT, lokiOtlpUrl } from './loki';
import {
  containerResources,
  controllerReplicas,
  disruptionBudget,
  restrictedContainerSecurityContext,
  platformPriority,
  systemPlacement,
  zoneSpread,
  type ContainerResources,
  type DisruptionBudget,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';
import { tempoOtlpGrpcEndpoint } from './tempo';
import { scrapeNeed, type NetworkNeed } from './network';

const ID = 'opentelemetry-collector';
/** Namespace of the gateway (the observability stack's, Pod Security `restricted`). */
export const OTEL_COLLECTOR_NAMESPACE = 'monitoring';
/** The chart names its objects after the release, which contains the chart name. */
const FULLNAME = 'opentelemetry-collector';
/** OTLP ports tenants and sidecars send to. */
export const OTEL_COLLECTOR_PORTS = { grpc: 4317, http: 4318 } as const;
/** Port of the collector's own metrics (internal telemetry, Prometheus pull reader). */
export const OTEL_COLLECTOR_METRICS_PORT = 8888;
/** Labels of the gateway pods (chart selectorLabels plus the deployment-mode component label). */
export const OTEL_COLLECTOR_POD_LABELS = { 'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/instance': ID } as const;
/** Lease the replicas compete for; the holder is the only one watching events. */
export const EVENTS_LEASE = 'opentelemetry-collector-k8sobjects';
/** `service.name` of the event log records (Loki's `service_name` label). */
export const EVENTS_SERVICE_NAME = 'kubernetes-events';
/** Log group stream of the events (CloudWatch sink). */
const EVENTS_STREAM = 'events';

const HOST = `${FULLNAME}.${OTEL_COLLECTOR_NAMESPACE}.svc.cluster.local`;

/** OTLP gRPC endpoint (`host:port`) tenants and Istio send to. */
export function otlpGrpcEndpoint(): string {
  return `${HOST}:${OTEL_COLLECTOR_PORTS.grpc}`;
}

/** OTLP HTTP endpoint (base URL; SDKs append `/v1/traces`). */
export function otlpHttpEndpoint(): string {
  return `http://${HOST}:${OTEL_COLLECTOR_PORTS.http}`;
}

/**
 * Where tenant pods may send OTLP (their egress is default-deny): the gateway pods on 4317/4318,
 * when the gateway receives traces.
 */
export function tenantTelemetryPeer(ctx: Pick<AddonContext, 'spec' | 'enabled'>): { namespace: string; podLabels: Record<string, string>; ports: number[] } | undefined {
  if (!ctx.enabled.has(ID) || !collectsTraces(ctx)) return undefined;
  return { namespace: OTEL_COLLECTOR_NAMESPACE, podLabels: { ...OTEL_COLLECTOR_POD_LABELS }, ports: [OTEL_COLLECTOR_PORTS.grpc, OTEL_COLLECTOR_PORTS.http] };
}

/** Whether the gateway exports traces (traces on and Tempo there). */
export function collectsTraces(ctx: Pick<AddonContext, 'spec' | 'enabled'>): boolean {
  return ctx.spec.observability.traces.enabled && ctx.enabled.has('tempo');
}

/** Whether the gateway ships Kubernetes events (logs on; with Loki only when Loki is there). */
export function collectsEvents(ctx: Pick<AddonContext, 'spec' | 'enabled'>): boolean {
  const logs = ctx.spec.observability.logs;
  return logs.enabled && (logs.sink === 'cloudwatch' || ctx.enabled.has('loki'));
}

/** Events go to CloudWatch Logs in this environment. */
function eventsToCloudWatch(spec: ResolvedSpec): boolean {
  return spec.observability.logs.enabled && spec.observability.logs.sink === 'cloudwatch';
}

/** The collector image repository for this environment (module doc). */
export function collectorImage(spec: ResolvedSpec): string {
  return eventsToCloudWatch(spec) ? 'otel/opentelemetry-collector-contrib' : 'otel/opentelemetry-collector-k8s';
}

/** A Kubernetes RBAC rule. */
export interface CollectorRbacRule {
  /** API groups of the resources (`""` for the core group). */
  apiGroups: string[];
  /** Resource types the rule grants access to. */
  resources: string[];
  /** Allowed verbs: read-only (`get`, `list`, `watch`). */
  verbs: string[];
  /** Restricts the rule to these objects by name (absent: every object of the resources). */
  resourceNames?: string[];
}

/**
 * Cluster-wide read the gateway needs, nothing else: events (k8sobjects watch) and the pod,
 * namespace and ReplicaSet metadata k8s_attributes adds to spans.
 */
export function collectorClusterRules(ctx: Pick<AddonContext, 'spec' | 'enabled'>): CollectorRbacRule[] {
  return [
    ...(collectsEvents(ctx) ? [{ apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['list', 'watch'] }] : []),
    ...(collectsTraces(ctx)
      ? [
          { apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        ]
      : []),
  ];
}

/** The leader election Role: create a Lease in `monitoring`, and read/renew only ours. */
function leaseRbac(): Array<Record<string, unknown>> {
  const labels = { 'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/instance': ID };
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: `${FULLNAME}-leader-election`, namespace: OTEL_COLLECTOR_NAMESPACE, labels },
      rules: [
        // `create` cannot be scoped to a name (the object does not exist yet).
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [EVENTS_LEASE], verbs: ['get', 'update', 'patch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${FULLNAME}-leader-election`, namespace: OTEL_COLLECTOR_NAMESPACE, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${FULLNAME}-leader-election` },
      subjects: [{ kind: 'ServiceAccount', name: FULLNAME, namespace: OTEL_COLLECTOR_NAMESPACE }],
    },
  ];
}

/** One pipeline of the collector. */
export interface CollectorPipeline {
  /** Receivers (keys of `receivers`) feeding the pipeline. */
  receivers: string[];
  /** Processors applied in order (memory limiter first, batch last). */
  processors: string[];
  /** Exporters (keys of `exporters`) the pipeline sends to. */
  exporters: string[];
}

/** The collector's configuration (`relay.yaml`), typed for the parts we set. */
export interface CollectorConfig {
  /** Extensions by name: health check, and the leader elector when events are collected. */
  extensions: Record<string, Record<string, unknown>>;
  /** Receivers by name: OTLP for spans, k8sobjects for Kubernetes events. */
  receivers: Record<string, Record<string, unknown>>;
  /** Processors by name: memory limiter, Kubernetes attributes, resource labels, batching. */
  processors: Record<string, Record<string, unknown>>;
  /** Exporters by name: Tempo over OTLP gRPC, and the events sink. */
  exporters: Record<string, Record<string, unknown>>;
  /** Which extensions run, the pipelines wiring receivers to exporters, and the collector's own telemetry. */
  service: {
    extensions: string[];
    pipelines: Record<string, CollectorPipeline>;
    telemetry: Record<string, unknown>;
  };
}

/** Exporter queue and retries: spans wait here while Tempo (one replica) restarts. */
const QUEUE_AND_RETRY = {
  sending_queue: { enabled: true, num_consumers: 4, queue_size: 5000 },
  retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '300s' },
};

/** The gateway configuration for this environment. */
export function collectorConfig(ctx: Pick<AddonContext, 'spec' | 'enabled'>): CollectorConfig {
  const { spec } = ctx;
  const traces = collectsTraces(ctx);
  const events = collectsEvents(ctx);
  const extensions: CollectorConfig['extensions'] = { health_check: { endpoint: '${env:MY_POD_IP}:13133' } };
  const receivers: CollectorConfig['receivers'] = {};
  const processors: CollectorConfig['processors'] = {
    // Refuse data before the container's memory limit is reached (GOMEMLIMIT is set from it too).
    memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 },
    batch: { send_batch_size: 8192, timeout: '5s' },
  };
  const exporters: CollectorConfig['exporters'] = {};
  const pipelines: Record<string, CollectorPipeline> = {};

  if (traces) {
    receivers.otlp = {
      protocols: {
        grpc: { endpoint: `\${env:MY_POD_IP}:${OTEL_COLLECTOR_PORTS.grpc}` },
        http: { endpoint: `\${env:MY_POD_IP}:${OTEL_COLLECTOR_PORTS.http}` },
      },
    };
    // Namespace, pod and workload names on every span, from the sender's connection address.
    processors.k8s_attributes = {
      auth_type: 'serviceAccount',
      passthrough: false,
      extract: { metadata: ['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.deployment.name', 'k8s.node.name'] },
      pod_association: [{ sources: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] }, { sources: [{ from: 'connection' }] }],
    };
    // Plaintext inside the cluster: Tempo has no sidecar and listens only for this gateway.
    exporters['otlp_grpc/tempo'] = { endpoint: tempoOtlpGrpcEndpoint(), tls: { insecure: true }, ...QUEUE_AND_RETRY };
    pipelines.traces = { receivers: ['otlp'], processors: ['memory_limiter', 'k8s_attributes', 'batch'], exporters: ['otlp_grpc/tempo'] };
  }

  if (events) {
    extensions.k8s_leader_elector = { auth_type: 'serviceAccount', lease_name: EVENTS_LEASE, lease_namespace: OTEL_COLLECTOR_NAMESPACE };
    receivers.k8sobjects = {
      auth_type: 'serviceAccount',
      // Only the lease holder watches: replicas never ship the same event twice.
      k8s_leader_elector: 'k8s_leader_elector',
      objects: [{ name: 'events', group: 'events.k8s.io', mode: 'watch', exclude_watch_type: ['DELETED'] }],
    };
    // Loki labels OTLP logs by service_name: events get their own (`{service_name="kubernetes-events"}`).
    processors['resource/events'] = { attributes: [{ key: 'service.name', value: EVENTS_SERVICE_NAME, action: 'upsert' }] };
    const exporter = eventsToCloudWatch(spec) ? 'awscloudwatchlogs/events' : 'otlp_http/loki';
    exporters[exporter] = eventsToCloudWatch(spec)
      ? { log_group_name: logGroupName(spec, EVENTS_STREAM), log_stream_name: 'kubernetes-events', region: spec.region, ...QUEUE_AND_RETRY }
      : { endpoint: lokiOtlpUrl(), ...QUEUE_AND_RETRY };
    pipelines['logs/events'] = { receivers: ['k8sobjects'], processors: ['memory_limiter', 'resource/events', 'batch'], exporters: [exporter] };
  }

  return {
    extensions,
    receivers,
    processors,
    exporters,
    service: {
      extensions: Object.keys(extensions),
      pipelines,
      telemetry: {
        metrics: { readers: [{ pull: { exporter: { prometheus: { host: '${env:MY_POD_IP}', port: OTEL_COLLECTOR_METRICS_PORT } } } }] },
      },
    },
  };
}

/** CloudWatch Logs: write the events log group's streams only (the cloud half creates the group). */
export function collectorIamPolicy(spec: ResolvedSpec): IamPolicyDocument {
  const group = `arn:aws:logs:${spec.region}:${spec.accountId}:log-group:${logGroupName(spec, EVENTS_STREAM)}`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EventsLogGroup', Effect: 'Allow', Action: ['logs:DescribeLogStreams'], Resource: `${group}:*` },
      { Sid: 'EventsStreams', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${group}:log-stream:*` },
    ],
  };
}

/** A chart port switch: whether the Deployment and Service open it. */
export type CollectorPort = {
  /** Open the port on the collector's container and Service. */
  enabled: boolean;
};

/** Chart values we set (opentelemetry-collector chart 0.170). */
export interface OpenTelemetryCollectorValues {
  /** Workload kind the chart renders: a Deployment (a gateway), not the per-node DaemonSet. */
  mode: 'deployment';
  /** Collector image: the `-k8s` distribution, or `-contrib` when events go to CloudWatch Logs. */
  image: { repository: string };
  /** Tier replicas; events are leader-elected, OTLP is load-balanced over all of them. */
  replicaCount: number;
  /** Disruption budget of the gateway pods. */
  podDisruptionBudget: DisruptionBudget;
  /** Zone spread over the gateway pods. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Node labels the pods must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Scheduling priority of the pods: platformPriority(). */
  priorityClassName: string;
  /** Our whole configuration (the chart's default `config` would add Jaeger, Zipkin and debug). */
  alternateConfig: CollectorConfig;
  /** Only the OTLP ports and the metrics port; the chart's Jaeger and Zipkin ports are closed. */
  ports: Record<'jaeger-compact' | 'jaeger-thrift' | 'jaeger-grpc' | 'zipkin', CollectorPort> & { metrics: CollectorPort };
  /** The gateway's service account; annotated with its IRSA role when events go to CloudWatch Logs. */
  serviceAccount: { create: boolean; annotations: Record<string, string> };
  /** Cluster-wide read the gateway needs: events, and the pod, namespace and ReplicaSet metadata added to spans. */
  clusterRole: { create: boolean; rules: CollectorRbacRule[] };
  /** The leader election Role and RoleBinding, namespaced. */
  extraManifests: Array<Record<string, unknown>>;
  /** Pod security context: non-root (uid 10001), RuntimeDefault seccomp; `fsGroup` makes the IRSA token readable. */
  podSecurityContext: Record<string, unknown>;
  /** Container security context: restricted (no privilege escalation, all capabilities dropped, read-only root). */
  securityContext: Record<string, unknown>;
  /** Requests plus a memory limit of the collector container. */
  resources: ContainerResources;
}

export const openTelemetryCollector: Addon<OpenTelemetryCollectorValues> = {
  network: openTelemetryCollectorNetwork,
  id: ID,
  description: 'OpenTelemetry Collector gateway: OTLP from workloads and Istio to Tempo, Kubernetes events (leader-elected) to Loki or CloudWatch Logs',
  chart: CHART_VERSIONS[ID],
  namespace: OTEL_COLLECTOR_NAMESPACE,
  // Tempo and Loki first: the exporters retry, but a first start against nothing fills the queue.
  dependsOn: ({ enabled }) => (['tempo', 'loki'] as const).filter((id) => enabled.has(id)),
  isSelected: (spec) => spec.observability.traces.enabled || spec.observability.logs.enabled,
  workloadIdentity: { serviceAccount: FULLNAME, policy: collectorIamPolicy, when: eventsToCloudWatch },
  cloud: (spec) => (eventsToCloudWatch(spec) ? { logGroups: [{ name: logGroupName(spec, EVENTS_STREAM), retentionDays: spec.observability.logs.retentionDays }] } : {}),
  monitors: () => [{ name: 'opentelemetry-collector', kind: 'service', selector: { ...OTEL_COLLECTOR_POD_LABELS }, port: 'metrics', path: '/metrics' }],
  values: (ctx) => {
    const { spec } = ctx;
    const annotations: Record<string, string> = eventsToCloudWatch(spec) ? { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } : {};
    return {
      mode: 'deployment',
      image: { repository: collectorImage(spec) },
      replicaCount: controllerReplicas(spec),
      podDisruptionBudget: disruptionBudget(spec),
      topologySpreadConstraints: zoneSpread(spec, { ...OTEL_COLLECTOR_POD_LABELS }),
      ...systemPlacement(),
      ...platformPriority(),
      alternateConfig: collectorConfig(ctx),
      ports: { 'jaeger-compact': { enabled: false }, 'jaeger-thrift': { enabled: false }, 'jaeger-grpc': { enabled: false }, zipkin: { enabled: false }, metrics: { enabled: true } },
      serviceAccount: { create: true, annotations },
      clusterRole: { create: true, rules: collectorClusterRules(ctx) },
      extraManifests: collectsEvents(ctx) ? leaseRbac() : [],
      podSecurityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: restrictedContainerSecurityContext(),
      // The queue (5000 batches at most) lives in memory; the limit also sets GOMEMLIMIT and memory_limiter.
      resources: containerResources({ cpu: '100m', memory: '256Mi' }, '1Gi'),
    };
  },
};

/** Connections of the collector gateway: OTLP in from any pod (tenants, sidecars, gateways), out to Tempo and Loki, metrics. */
function openTelemetryCollectorNetwork(ctx: AddonContext): NetworkNeed[] {
  const pods = { namespace: OTEL_COLLECTOR_NAMESPACE, podLabels: { ...OTEL_COLLECTOR_POD_LABELS } };
  return [
    { purpose: 'OTLP from workloads and the mesh', from: { anyPod: true }, to: pods, ports: [{ port: OTEL_COLLECTOR_PORTS.grpc }, { port: OTEL_COLLECTOR_PORTS.http }] },
    ...(ctx.enabled.has('tempo') ? [{ purpose: 'spans to Tempo (OTLP gRPC)', from: pods, to: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'tempo', 'app.kubernetes.io/instance': 'tempo' } }, ports: [{ port: 4317 }] }] : []),
    ...(ctx.enabled.has('loki') ? [{ purpose: 'Kubernetes events to Loki (OTLP HTTP via the gateway)', from: pods, to: LOKI_GATEWAY_PEER, ports: [{ port: LOKI_GATEWAY_PORT }] }] : []),
    ...(ctx.enabled.has('kube-prometheus-stack') ? [scrapeNeed(pods, [OTEL_COLLECTOR_METRICS_PORT], 'the collector')] : []),
  ];
}
