/**
 * Tempo: the trace store behind Grafana, fed only by the OpenTelemetry Collector gateway (OTLP
 * gRPC), blocks in the environment's `tempo` S3 bucket through IRSA, the WAL on a gp3 volume.
 *
 * Chart: grafana-community `tempo` 2.2.4 (Tempo 2.10, single binary). Not `tempo-distributed`
 * 3.3.0: it ships Tempo 3.0, whose write path goes through Kafka (the chart refuses to render
 * without `ingest.kafka.address`), and the platform runs no Kafka. The single-binary chart runs ONE
 * replica: it configures no memberlist join addresses, so a second replica would form its own ring
 * (a second compactor over the same blocks, a querier blind to the other's in-memory traces), and
 * it renders no PodDisruptionBudget. That single replica is an accepted finding (see
 * `acceptedFindings`) with a bounded loss: spans are buffered by the collector while Tempo restarts.
 */
import { stringify } from 'yaml';
import type { IamPolicyDocument } from '../spec/iam';
import { bucketName, workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import { DEFAULT_STORAGE_CLASS } from '../k8s/storage-classes';
import { bucketAccessPolicy, LIFECYCLE_MARGIN_DAYS } from './bucket-access';
import type { Addon, AcceptedFinding, AddonContext } from './addon';
import { containerResources, restrictedContainerSecurityContext, singletonFindings, systemPlacement, platformPriority, type ContainerResources, type Toleration } from './placement';
import { scrapeNeed, type NetworkNeed } from './network';

const ID = 'tempo';
/** Namespace of the observability stack (Pod Security `restricted`). */
export const TEMPO_NAMESPACE = 'monitoring';
/** The chart names everything after the release (it contains the chart name): Service, StatefulSet, ServiceAccount `tempo`. */
const FULLNAME = 'tempo';
/** S3 bucket purpose (lib/spec/naming.ts bucketName). */
export const TEMPO_BUCKET_PURPOSE = 'tempo';
/** Tempo's HTTP port: query API and `/metrics`. */
export const TEMPO_HTTP_PORT = 3200;
/** Tempo's OTLP gRPC receiver port. */
export const TEMPO_OTLP_GRPC_PORT = 4317;
/** Labels of Tempo's pods and Service (chart `tempo.selectorLabels`). */
export const TEMPO_SELECTOR = { 'app.kubernetes.io/name': 'tempo', 'app.kubernetes.io/instance': ID } as const;

const HOST = `${FULLNAME}.${TEMPO_NAMESPACE}.svc.cluster.local`;

/** What Grafana's Tempo datasource queries. */
export function tempoQueryUrl(): string {
  return `http://${HOST}:${TEMPO_HTTP_PORT}`;
}

/** Where the collector exports traces (OTLP gRPC, `host:port`). */
export function tempoOtlpGrpcEndpoint(): string {
  return `${HOST}:${TEMPO_OTLP_GRPC_PORT}`;
}

/** Tempo's own configuration file (`tempo.yaml`), typed for the parts we set. */
export interface TempoConfig {
  stream_over_http_enabled: boolean;
  multitenancy_enabled: boolean;
  usage_report: { reporting_enabled: boolean };
  server: { http_listen_port: number };
  distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: string } } } } };
  ingester: { max_block_duration: string; trace_idle_period: string };
  compactor: { compaction: { block_retention: string } };
  storage: {
    trace: {
      backend: 's3';
      s3: { bucket: string; endpoint: string; region: string; forcepathstyle: boolean };
      wal: { path: string };
      local: { path: string };
    };
  };
  querier: Record<string, never>;
  query_frontend: Record<string, never>;
  overrides: { per_tenant_override_config: string };
}

/** Chart values we set (grafana-community tempo chart 2.2). */
export interface TempoValues {
  /** One replica: the single-binary chart cannot run Tempo HA (module doc). */
  replicas: 1;
  /** The Tempo container: usage reporting off, OTLP gRPC as the only published receiver, resources and security context. */
  tempo: {
    /** No phoning home from a production platform. */
    reportingEnabled: boolean;
    /**
     * Receivers the chart's Service publishes ports for: only OTLP gRPC. Null endpoints drop the
     * chart's default Jaeger and OTLP HTTP Service ports (`with .endpoint` skips them).
     */
    receivers: {
      jaeger: { protocols: Record<'grpc' | 'thrift_http' | 'thrift_binary' | 'thrift_compact', { endpoint: null }> };
      otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: null } } };
    };
    /** Requests plus a memory limit. */
    resources: ContainerResources;
    /** Restricted container profile. */
    securityContext: Record<string, unknown>;
  };
  /** The whole `tempo.yaml` (replaces the chart's template, which would also start Jaeger receivers). */
  config: string;
  /** Pod-level profile: non-root 10001 with fsGroup so the WAL volume is writable, RuntimeDefault seccomp. */
  securityContext: Record<string, unknown>;
  /** Tempo's service account, annotated with its IRSA role (the traces bucket); no API token is mounted. */
  serviceAccount: { create: boolean; name: string; annotations: Record<string, string>; automountServiceAccountToken: boolean };
  /** WAL on a gp3 volume: a restart replays it instead of losing the blocks being built. */
  persistence: { enabled: boolean; storageClassName: string; accessModes: string[]; size: string };
  /** Node labels the pod must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Scheduling priority of the pods: platformPriority(). */
  priorityClassName: string;
}

/** Hours of `days`, as Tempo durations are written. */
function hours(days: number): string {
  return `${days * 24}h`;
}

/** Tempo's configuration for this environment. */
export function tempoConfig(spec: ResolvedSpec): TempoConfig {
  return {
    stream_over_http_enabled: false,
    multitenancy_enabled: false,
    usage_report: { reporting_enabled: false },
    server: { http_listen_port: TEMPO_HTTP_PORT },
    // Only OTLP gRPC from the collector gateway: every other protocol ends at the collector.
    distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${TEMPO_OTLP_GRPC_PORT}` } } } } },
    ingester: { max_block_duration: '30m', trace_idle_period: '10s' },
    // Retention = the spec; the bucket lifecycle (same days) is the backstop if the compactor is down.
    compactor: { compaction: { block_retention: hours(spec.observability.traces.retentionDays) } },
    storage: {
      trace: {
        backend: 's3',
        // No keys: credentials come from IRSA (web identity token projected by EKS).
        s3: { bucket: bucketName(spec, TEMPO_BUCKET_PURPOSE), endpoint: `s3.${spec.region}.amazonaws.com`, region: spec.region, forcepathstyle: false },
        wal: { path: '/var/tempo/wal' },
        local: { path: '/var/tempo/blocks' },
      },
    },
    querier: {},
    query_frontend: {},
    overrides: { per_tenant_override_config: '/conf/overrides.yaml' },
  };
}

/** S3 on the tempo bucket only: list the bucket, read/write/delete its objects (the compactor deletes expired blocks). */
export function tempoIamPolicy(spec: ResolvedSpec): IamPolicyDocument {
  return bucketAccessPolicy(spec, TEMPO_BUCKET_PURPOSE, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging', 's3:PutObjectTagging']);
}

const SINGLE_REPLICA_REASON =
  'the single-binary Tempo chart (2.2.4) cannot run more than one replica (no memberlist ring: a second replica would run a second compactor over the same S3 blocks and a querier blind to the other ingester), and tempo-distributed 3.x needs Kafka, which the platform does not run; ' +
  'trace loss during a restart is bounded: the collector gateway queues spans in memory (sending_queue) and retries with backoff for up to 5 minutes, the WAL on the volume is replayed at start, and completed blocks are already in S3';

/** The single replica, accepted where the tier asks for HA. */
export function tempoAcceptedFindings(ctx: AddonContext): AcceptedFinding[] {
  return singletonFindings(ctx.spec, `StatefulSet/${TEMPO_NAMESPACE}/${FULLNAME}`, SINGLE_REPLICA_REASON);
}

export const tempo: Addon<TempoValues> = {
  network: tempoNetwork,
  id: ID,
  description: 'Tempo trace store (single binary) on S3 through IRSA, WAL on gp3, OTLP gRPC from the collector gateway only; one replica (accepted: collector queue and retries bound the loss)',
  chart: CHART_VERSIONS[ID],
  namespace: TEMPO_NAMESPACE,
  dependsOn: () => [],
  isSelected: (spec) => spec.observability.traces.enabled,
  workloadIdentity: { serviceAccount: FULLNAME, policy: tempoIamPolicy },
  cloud: (spec) => ({ buckets: [{ purpose: TEMPO_BUCKET_PURPOSE, retentionDays: spec.observability.traces.retentionDays + LIFECYCLE_MARGIN_DAYS }] }),
  monitors: () => [{ name: 'tempo', kind: 'service', selector: { ...TEMPO_SELECTOR }, port: 'tempo-prom-metrics', path: '/metrics' }],
  acceptedFindings: tempoAcceptedFindings,
  values: ({ spec }) => ({
    replicas: 1,
    tempo: {
      reportingEnabled: false,
      receivers: {
        jaeger: { protocols: { grpc: { endpoint: null }, thrift_http: { endpoint: null }, thrift_binary: { endpoint: null }, thrift_compact: { endpoint: null } } },
        otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${TEMPO_OTLP_GRPC_PORT}` }, http: { endpoint: null } } },
      },
      // Memory holds the traces being assembled and the blocks being cut; the limit keeps a burst
      // from taking the system node down.
      resources: containerResources({ cpu: '200m', memory: '512Mi' }, '2Gi'),
      securityContext: { ...restrictedContainerSecurityContext(), runAsUser: 10001, runAsGroup: 10001 },
    },
    config: stringify(tempoConfig(spec), { lineWidth: 0 }),
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    // Tempo never calls the API server; the IRSA token is projected separately by EKS.
    serviceAccount: { create: true, name: FULLNAME, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) }, automountServiceAccountToken: false },
    persistence: { enabled: true, storageClassName: DEFAULT_STORAGE_CLASS, accessModes: ['ReadWriteOnce'], size: '10Gi' },
    ...systemPlacement(),
    ...platformPriority(),
  }),
};

/** Connections of Tempo: Grafana's queries, its memberlist, metrics (S3 comes with the workload identity; spans in are the collector's). */
function tempoNetwork({ enabled }: AddonContext): NetworkNeed[] {
  const pods = { namespace: TEMPO_NAMESPACE, podLabels: { ...TEMPO_SELECTOR } };
  return [
    { purpose: 'Tempo memberlist', from: pods, to: pods, ports: [{ port: 7946 }] },
    ...(enabled.has('kube-prometheus-stack')
      ? [
          { purpose: 'Grafana queries Tempo (datasource)', from: { namespace: TEMPO_NAMESPACE, podLabels: { 'app.kubernetes.io/name': 'grafana' } }, to: pods, ports: [{ port: TEMPO_HTTP_PORT }] },
          scrapeNeed(pods, [TEMPO_HTTP_PORT], 'Tempo'),
        ]
      : []),
  ];
}
