/**
 * The Helm values of the Loki chart (grafana-community `loki` 18.11, Loki 3.7) that
 * lib/addons/loki.ts sets: the typed surface user overrides (`addons.overrides.loki`) are checked against.
 */
import type { ContainerResources, TopologySpreadConstraint, Toleration } from './placement';

/** Loki's deployment mode: the chart's `Monolithic` (one pod, formerly SingleBinary) or `SimpleScalable`. */
export type LokiMode = 'Monolithic' | 'SimpleScalable';

/** Settings every Loki component (write, read, backend, single binary, gateway) takes. */
export interface LokiComponentValues {
  /** Whether the chart renders the component (per deployment mode). @default the chart's */
  enabled?: boolean;
  /** Pods (0 when the mode does not use the component). */
  replicas: number;
  /** Requests plus a memory limit. */
  resources: ContainerResources;
  /** The system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerate the system pool's taint. */
  tolerations: Toleration[];
  /** Zone spread from the tier. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Soft host anti-affinity: the system pool may have fewer nodes than replicas during a roll. */
  affinity: Record<string, unknown>;
  /** PDB allowing one eviction where the tier has budgets. @default the chart's */
  podDisruptionBudget?: { enabled: boolean; maxUnavailable?: number };
  /** gp3 volume for the WAL / compactor working directory. @default none */
  persistence?: { enabled?: boolean; size: string; storageClass: string; volumeClaimsEnabled?: boolean };
  /** The rules sidecar (k8s-sidecar): off, there is no Loki ruler. @default the chart's */
  sidecar?: boolean;
}

/** Settings of a memcached cache (chunks or query results). */
export interface LokiCacheValues {
  /** Run the cache. */
  enabled: boolean;
  /** Memcached pods. @default the chart's */
  replicas?: number;
  /** Memcached memory per pod, MiB (`-m`). @default the chart's */
  allocatedMemory?: number;
  /** CPU the chart would derive requests from (our `resources` override it). @default the chart's */
  allocatedCPU?: string;
  /** Requests plus a memory limit (no CPU limit). @default derived by the chart */
  resources?: ContainerResources;
  /** The system pool. @default none */
  nodeSelector?: Record<string, string>;
  /** Tolerate the system pool's taint. @default none */
  tolerations?: Toleration[];
  /** platformPriority() (the memcached template reads no `global`). @default none */
  priorityClassName?: string;
  /** Zone spread from the tier. @default none */
  topologySpreadConstraints?: TopologySpreadConstraint[];
  /** PDB allowing one eviction where the tier has budgets. @default the chart's */
  podDisruptionBudget?: { enabled: boolean; maxUnavailable?: number };
  /** The chart's PDB `maxUnavailable`. @default 1 */
  maxUnavailable?: number;
}

/** Chart values we set. */
export interface LokiValues {
  /** Monolithic (one pod) or SimpleScalable (read/write/backend). */
  deploymentMode: LokiMode;
  /** Priority of every Loki pod (read/write/backend, gateway, canary templates coalesce it): platformPriority(). */
  global: { priorityClassName: string };
  /** Applied to every Loki component pod: placement and the restricted container profile. */
  defaults: {
    nodeSelector: Record<string, string>;
    tolerations: Toleration[];
    containerSecurityContext: Record<string, unknown>;
  };
  /** Loki's own configuration (rendered into the `loki` ConfigMap). */
  loki: {
    /** Single tenant: no X-Scope-OrgID needed. */
    auth_enabled: boolean;
    /** Path prefix and the replication factor of the writers. */
    commonConfig: { path_prefix: string; replication_factor: number };
    /** S3 bucket and region; credentials come from IRSA. */
    storage: { type: 's3'; bucketNames: { chunks: string }; s3: { region: string } };
    /** TSDB v13 from a fixed date. */
    schemaConfig: { configs: Array<Record<string, unknown>> };
    /** Never the chart's test schema. */
    useTestSchema: false;
    /** Compactor retention and delete requests. */
    compactor: Record<string, unknown>;
    /** Retention period and query limits. */
    limits_config: Record<string, unknown>;
    /** WAL flush on shutdown, chunk encoding. */
    ingester: Record<string, unknown>;
    /** Usage reporting off. */
    analytics: { reporting_enabled: boolean };
    /** Pod security context of Loki pods (restricted, fsGroup for the volumes). */
    podSecurityContext: Record<string, unknown>;
    /** Container security context of Loki containers (restricted). */
    containerSecurityContext: Record<string, unknown>;
  };
  /** The `loki` service account carrying the IRSA role. */
  serviceAccount: { create: boolean; name: string; annotations: Record<string, string>; automountServiceAccountToken: boolean };
  /** The Monolithic pod. */
  singleBinary: LokiComponentValues;
  /** Distributors and ingesters. */
  write: LokiComponentValues;
  /** Queriers and query frontends. */
  read: LokiComponentValues;
  /** Compactor, index gateway, query scheduler. */
  backend: LokiComponentValues;
  /** nginx in front of every component; its access-log exporter sidecar off. */
  gateway: LokiComponentValues & { metrics: { enabled: boolean } };
  /** Memcached chunk cache. */
  chunksCache: LokiCacheValues;
  /** Memcached query-results cache. */
  resultsCache: LokiCacheValues;
  /** The memcached exporter sidecar of both caches. */
  memcachedExporter: { resources: ContainerResources };
  /** Loki's ruler: off, alerting is Prometheus's. */
  ruler: { enabled: boolean };
  /** The rules sidecar watches ConfigMaps and Secrets cluster-wide: off with the ruler. */
  sidecar: { rules: { enabled: boolean } };
  /** Namespaced RBAC only. */
  rbac: { namespaced: boolean };
  /** Loki canary DaemonSet: off. */
  lokiCanary: { enabled: boolean };
  /** Helm test pod (unpinned image): off. */
  test: { enabled: boolean };
  /** In-cluster MinIO: off, S3 is the store. */
  minio: { enabled: boolean };
  /** The chart's own ServiceMonitor, dashboards and rules: off (ours come from `monitors` and the alert/dashboard modules). */
  monitoring: { serviceMonitor: { enabled: boolean }; dashboards: { enabled: boolean }; rules: { enabled: boolean }; alerts: { enabled: boolean } };
}
