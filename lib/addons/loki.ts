/**
 * Loki: the log store behind Grafana when `spec.observability.logs.sink` is `loki`. Chunks and
 * the TSDB index live in the environment's S3 bucket (`bucketName(spec, 'loki')`, created by the
 * cloud half with KMS, TLS-only and a lifecycle backstop); the compactor enforces retention.
 * Development runs one Monolithic pod; staging and production run SimpleScalable (write, read,
 * backend) with replicas, budgets and zone spread from the tier, behind an nginx gateway.
 */
import type { IamPolicyDocument } from '../spec/iam';
import { bucketName, workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import { DEFAULT_STORAGE_CLASS } from '../k8s/storage-classes';
import { bucketAccessPolicy, LIFECYCLE_MARGIN_DAYS } from './bucket-access';
import type { Addon, AddonContext, MetricsEndpoint } from './addon';
import type { LokiCacheValues, LokiComponentValues, LokiMode, LokiValues } from './loki-values';
import { scrapeNeed, type NetworkNeed } from './network';
import {
  containerResources,
  controllerReplicas,
  restrictedContainerSecurityContext,
  platformPriority,
  systemPlacement,
  wantsDisruptionBudget,
  zoneSpread,
  type ContainerResources,
} from './placement';

export type { LokiCacheValues, LokiComponentValues, LokiMode, LokiValues } from './loki-values';

const ID = 'loki';
const NAMESPACE = 'monitoring';
/** Service account the chart creates for every Loki component (the IRSA subject). */
export const LOKI_SERVICE_ACCOUNT = 'loki';
/** Bucket purpose: `<env>-loki-<account>-<region>`. */
export const LOKI_BUCKET_PURPOSE = 'loki';
/** Loki's HTTP port (API and `/metrics`) on every component Service. */
export const LOKI_HTTP_PORT = 3100;
/**
 * First day of the schema: fixed so the rendered config never changes with the date it is
 * synthesized on. A later schema change adds a second entry with a future `from`, never edits this.
 */
export const LOKI_SCHEMA_FROM = '2026-01-01';

const GATEWAY = `loki-gateway.${NAMESPACE}.svc.cluster.local`;

/** The gateway's pods and their port: where every client of Loki connects (network needs). */
export const LOKI_GATEWAY_PEER = { namespace: NAMESPACE, podLabels: { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/component': 'gateway' } } as const;
/** Container port of the gateway (its Service maps 80 to it). */
export const LOKI_GATEWAY_PORT = 8080;

/** What Grafana queries (the gateway routes reads to the read path). */
export function lokiQueryUrl(): string {
  return `http://${GATEWAY}`;
}

/** Loki's HTTP push endpoint (Fluent Bit's `loki` output, Promtail-style clients). */
export function lokiPushUrl(): string {
  return `http://${GATEWAY}/loki/api/v1/push`;
}

/** Base of Loki's OTLP logs endpoint: OTLP/HTTP exporters append `/v1/logs`. */
export function lokiOtlpUrl(): string {
  return `http://${GATEWAY}/otlp`;
}

/**
 * One pod for a single replica tier (the chart's `Monolithic`, formerly SingleBinary; no HA is
 * possible with one replica anyway); the read/write/backend split wherever the tier runs several
 * replicas, so ingestion and queries scale and fail independently.
 */
export function lokiMode(spec: ResolvedSpec): LokiMode {
  return controllerReplicas(spec) >= 2 ? 'SimpleScalable' : 'Monolithic';
}

/**
 * Writers (ingesters): at least 3 wherever the tier has disruption budgets, so with replication
 * factor 3 one writer may be evicted and writes still reach a quorum of 2.
 */
export function lokiWriteReplicas(spec: ResolvedSpec): number {
  return lokiMode(spec) === 'Monolithic' ? 1 : Math.max(controllerReplicas(spec), wantsDisruptionBudget(spec) ? 3 : 1);
}

/** Sustained ingestion one write pod absorbs, MB/s (the cluster-wide limit scales with the writers). */
export const LOKI_INGESTION_MB_PER_WRITER = 10;

/** Copies of each stream kept by the writers: 3 with three writers, 1 in the single pod. */
export function lokiReplicationFactor(spec: ResolvedSpec): number {
  return Math.min(3, lokiWriteReplicas(spec));
}

/** Bucket name Loki stores chunks and index in. */
export function lokiBucket(spec: ResolvedSpec): string {
  return bucketName(spec, LOKI_BUCKET_PURPOSE);
}

/**
 * S3 on its own bucket only; KMS only through S3 for objects of that bucket (the key id is not
 * known at synth time, the encryption context is: with a bucket key it is the bucket ARN).
 */
export function lokiIamPolicy(spec: ResolvedSpec): IamPolicyDocument {
  return bucketAccessPolicy(spec, LOKI_BUCKET_PURPOSE, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
}

/** Labels of one Loki component's pods, as the chart renders them. */
function componentLabels(component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/instance': ID, 'app.kubernetes.io/component': component };
}

function softHostAntiAffinity(component: string): Record<string, unknown> {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: componentLabels(component) }, topologyKey: 'kubernetes.io/hostname' } },
      ],
    },
  };
}

function budget(spec: ResolvedSpec): { enabled: boolean; maxUnavailable?: number } {
  return wantsDisruptionBudget(spec) ? { enabled: true, maxUnavailable: 1 } : { enabled: false };
}

function component(spec: ResolvedSpec, name: string, enabled: boolean, replicas: number, resources: ContainerResources): LokiComponentValues {
  return {
    enabled,
    replicas: enabled ? replicas : 0,
    resources,
    ...systemPlacement(),
    topologySpreadConstraints: zoneSpread(spec, componentLabels(name)),
    affinity: softHostAntiAffinity(name),
    podDisruptionBudget: budget(spec),
  };
}

function cache(spec: ResolvedSpec, name: string, enabled: boolean, memoryMiB: number): LokiCacheValues {
  if (!enabled) return { enabled: false };
  return {
    enabled: true,
    replicas: controllerReplicas(spec),
    allocatedMemory: memoryMiB,
    allocatedCPU: '100m',
    // memcached's own memory plus its connection overhead (~20 %): the chart would otherwise derive
    // the request from allocatedMemory and set a CPU limit.
    resources: containerResources({ cpu: '50m', memory: `${Math.ceil(memoryMiB * 1.2)}Mi` }, `${Math.ceil(memoryMiB * 1.3)}Mi`),
    ...systemPlacement(),
    ...platformPriority(),
    topologySpreadConstraints: zoneSpread(spec, componentLabels(name)),
    podDisruptionBudget: budget(spec),
    maxUnavailable: 1,
  };
}

/** Hours of a day count, as Loki durations take them. */
function hours(days: number): string {
  return `${days * 24}h`;
}

export const loki: Addon<LokiValues> = {
  network: lokiNetwork,
  id: ID,
  description: 'Loki log store on S3 (TSDB v13, compactor retention, IRSA scoped to its bucket): one pod in development, read/write/backend with replication factor 3 elsewhere, behind an nginx gateway',
  chart: CHART_VERSIONS[ID],
  namespace: NAMESPACE,
  dependsOn: () => [],
  isSelected: (spec) => spec.observability.logs.enabled && spec.observability.logs.sink === 'loki',
  workloadIdentity: { serviceAccount: LOKI_SERVICE_ACCOUNT, policy: lokiIamPolicy },
  cloud: (spec) => ({
    buckets: [{ purpose: LOKI_BUCKET_PURPOSE, retentionDays: spec.observability.logs.retentionDays + LIFECYCLE_MARGIN_DAYS }],
  }),
  monitors: ({ spec }) => lokiMonitors(spec),
  values: ({ spec }) => {
    const mode = lokiMode(spec);
    const scalable = mode === 'SimpleScalable';
    const replicas = controllerReplicas(spec);
    const volume = { size: '10Gi', storageClass: DEFAULT_STORAGE_CLASS };
    const single = component(spec, 'single-binary', !scalable, 1, containerResources({ cpu: '100m', memory: '512Mi' }, '2Gi'));
    return {
      deploymentMode: mode,
      global: platformPriority(),
      defaults: { ...systemPlacement(), containerSecurityContext: restrictedContainerSecurityContext() },
      loki: {
        // Single tenant: the platform has one Grafana and one log sink; namespaces separate tenants
        // by label. With auth on, every client would need an X-Scope-OrgID and a datasource per tenant.
        auth_enabled: false,
        commonConfig: { path_prefix: '/var/loki', replication_factor: lokiReplicationFactor(spec) },
        // No static keys: the SDK gets credentials from the IRSA web identity token.
        storage: { type: 's3', bucketNames: { chunks: lokiBucket(spec) }, s3: { region: spec.region } },
        schemaConfig: {
          configs: [{ from: LOKI_SCHEMA_FROM, store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }],
        },
        useTestSchema: false,
        // The compactor deletes expired chunks and index entries; the S3 lifecycle is only the backstop.
        compactor: {
          working_directory: '/var/loki/compactor',
          compaction_interval: '10m',
          retention_enabled: true,
          retention_delete_delay: '2h',
          delete_request_store: 's3',
        },
        limits_config: {
          retention_period: hours(spec.observability.logs.retentionDays),
          reject_old_samples: true,
          reject_old_samples_max_age: '168h',
          max_cache_freshness_per_query: '10m',
          split_queries_by_interval: '15m',
          query_timeout: '300s',
          volume_enabled: true,
          // OTLP resource attributes Fluent Bit and the collector send, indexed as stream labels.
          allow_structured_metadata: true,
          // One tenant carries the whole cluster: Loki's 4 MB/s default would answer 429 and drop
          // logs at production volume. Sized by what the writers absorb (a write pod takes ~10 MB/s).
          ingestion_rate_mb: LOKI_INGESTION_MB_PER_WRITER * lokiWriteReplicas(spec),
          ingestion_burst_size_mb: 2 * LOKI_INGESTION_MB_PER_WRITER * lokiWriteReplicas(spec),
        },
        ingester: { wal: { flush_on_shutdown: true }, chunk_encoding: 'snappy' },
        // No usage reports to grafana.com from inside a private cluster.
        analytics: { reporting_enabled: false },
        podSecurityContext: { fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch', runAsGroup: 10001, runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
        containerSecurityContext: restrictedContainerSecurityContext(),
      },
      serviceAccount: {
        create: true,
        name: LOKI_SERVICE_ACCOUNT,
        annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) },
        automountServiceAccountToken: true,
      },
      singleBinary: { ...single, persistence: { enabled: true, ...volume }, sidecar: false },
      // Ingesters hold every open stream in memory and queries fan out over chunks: both get
      // headroom above their steady state (GOMEMLIMIT is set to 85 % of the limit by the chart).
      write: { ...component(spec, 'write', scalable, lokiWriteReplicas(spec), containerResources({ cpu: '100m', memory: '256Mi' }, '2Gi')), persistence: { volumeClaimsEnabled: true, ...volume } },
      read: component(spec, 'read', scalable, replicas, containerResources({ cpu: '100m', memory: '256Mi' }, '2Gi')),
      backend: {
        ...component(spec, 'backend', scalable, replicas, containerResources({ cpu: '50m', memory: '256Mi' }, '1Gi')),
        persistence: { enabled: true, volumeClaimsEnabled: true, ...volume },
        sidecar: false,
      },
      gateway: {
        ...component(spec, 'gateway', true, replicas, containerResources({ cpu: '10m', memory: '32Mi' }, '128Mi')),
        // Loki's own request metrics cover what the access-log exporter would add.
        metrics: { enabled: false },
      },
      // Caches only where queries are shared (several readers), sized for the system pool: the chart's
      // default chunk cache asks 8 GiB per replica.
      chunksCache: cache(spec, 'memcached-chunks-cache', scalable, 512),
      resultsCache: cache(spec, 'memcached-results-cache', scalable, 256),
      memcachedExporter: { resources: containerResources({ cpu: '10m', memory: '16Mi' }, '64Mi') },
      // Alerting is Prometheus's job; without a ruler no rules bucket or rules sidecar is needed.
      ruler: { enabled: false },
      sidecar: { rules: { enabled: false } },
      // Nothing Loki runs needs to read other namespaces.
      rbac: { namespaced: true },
      // The canary pushes straight to Loki (bypassing Fluent Bit, the path that loses logs) from a
      // pod on every node; the helm test pod uses an unpinned `latest` image.
      lokiCanary: { enabled: false },
      test: { enabled: false },
      minio: { enabled: false },
      // ServiceMonitors come from `monitors` (lib/addons/monitors.ts); dashboards and rules from ours.
      monitoring: { serviceMonitor: { enabled: false }, dashboards: { enabled: false }, rules: { enabled: false }, alerts: { enabled: false } },
    };
  },
};

/** The Loki components of this environment (pod `app.kubernetes.io/component` values). */
export function lokiComponents(spec: ResolvedSpec): string[] {
  return lokiMode(spec) === 'Monolithic' ? ['single-binary'] : ['backend', 'read', 'write'];
}

/**
 * PodMonitor targets, one per component on its `http-metrics` container port (plus the memcached
 * exporters where caches run). Pods, not Services: the chart gives each component's headless
 * Service (and the query-scheduler discovery Service) the same labels as the main one, so a
 * label-selected ServiceMonitor would scrape every pod two or three times.
 */
export function lokiMonitors(spec: ResolvedSpec): MetricsEndpoint[] {
  const caches = lokiMode(spec) === 'SimpleScalable' ? ['memcached-chunks-cache', 'memcached-results-cache'] : [];
  return [...lokiComponents(spec), ...caches].map((c) => ({
    name: `loki-${c.replace(/^memcached-/, '')}`,
    kind: 'pod' as const,
    selector: componentLabels(c),
    port: 'http-metrics',
    path: '/metrics',
  }));
}

/** Connections of Loki: gateway to the components, the ring (memberlist), caches, Grafana's queries, metrics (S3 comes with the workload identity). */
function lokiNetwork({ enabled }: AddonContext): NetworkNeed[] {
  const all = { namespace: NAMESPACE, podLabels: { 'app.kubernetes.io/instance': ID } };
  const gateway = LOKI_GATEWAY_PEER;
  return [
    { purpose: 'Loki internal: gateway → read/write/backend (HTTP, gRPC), memberlist ring, memcached', from: all, to: all, ports: [{ port: LOKI_HTTP_PORT }, { port: 9095 }, { port: 7946 }, { port: 7946, protocol: 'UDP' }, { port: 11211 }] },
    ...(enabled.has('kube-prometheus-stack')
      ? [
          { purpose: 'Grafana queries Loki (datasource)', from: { namespace: NAMESPACE, podLabels: { 'app.kubernetes.io/name': 'grafana' } }, to: gateway, ports: [{ port: LOKI_GATEWAY_PORT }] },
          scrapeNeed(all, [LOKI_HTTP_PORT, 9150], 'Loki and its caches'),
        ]
      : []),
  ];
}
