/**
 * Fluent Bit: the log collector DaemonSet. On every node it ships container logs (with Kubernetes
 * namespace, pod, container and label metadata) and the kubelet's and containerd's journal to the
 * sink the spec picks — Loki in the cluster, or CloudWatch Logs through IRSA. Kubernetes events
 * are not collected here: the OpenTelemetry Collector gateway collects them once, leader-elected,
 * instead of once per node.
 *
 * Why Fluent Bit: both sinks are native outputs (no exporter in between), it runs in tens of MiB
 * per node, and it buffers to disk, so a sink outage costs disk, not memory or logs.
 */
import type { IamPolicyDocument } from '../spec/iam';
import { logGroupName, workloadRoleArn } from '../spec/naming';
import type { AddonId, ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import { PLATFORM_CRITICAL } from '../k8s/priority-classes';
import type { Addon, AddonContext, LogGroupNeed } from './addon';
import { FLUENT_BIT_HTTP_PORT, FLUENT_BIT_METRICS_PATH, FLUENT_BIT_STATE_DIR, FLUENT_BIT_STREAMS, fluentBitPipeline, type FluentBitPipeline } from './fluent-bit-config';
import { LOKI_GATEWAY_PEER, LOKI_GATEWAY_PORT, lokiPushUrl } from './loki';
import { containerResources, everyNodeTolerations, type ContainerResources } from './placement';
import { scrapeNeed, type NetworkNeed } from './network';

const ID = 'fluent-bit';
const SERVICE_ACCOUNT = 'fluent-bit';
/** Labels of the DaemonSet's pods (the chart's selector labels for release `fluent-bit`). */
export const FLUENT_BIT_POD_LABELS = { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': ID } as const;

/** A node path as the chart's `daemonSetVolumes` take it. */
export interface FluentBitVolume {
  /** Volume name the mounts refer to. */
  name: string;
  /** The node directory or file, and the check the kubelet makes before mounting it. */
  hostPath: { path: string; type: 'Directory' | 'DirectoryOrCreate' | 'File' };
}

/** A container volume mount. */
export interface FluentBitVolumeMount {
  /** Name of the volume to mount (a `FluentBitVolume`'s `name`). */
  name: string;
  /** Path inside the Fluent Bit container. */
  mountPath: string;
  /** Mount read-only (node logs are only read; the state directory (offsets, buffer) is written). */
  readOnly: boolean;
}

/** Chart values we set (fluent-bit chart 0.58). */
export interface FluentBitValues {
  /** One agent per node. */
  kind: 'DaemonSet';
  /** Service account the pod token comes from (metadata lookups) and, for CloudWatch, the IRSA role. */
  serviceAccount: { create: boolean; name: string; annotations: Record<string, string> };
  /** get/list/watch on pods and namespaces only: no node access (no kubelet API), no events. */
  rbac: { create: boolean; nodeAccess: boolean; eventsAccess: boolean };
  /** The chart's `helm test` pod runs busybox:latest; nothing in a release needs it. */
  testFramework: { enabled: boolean };
  /** Config changes roll the pods (checksum annotation) instead of a reloader sidecar. */
  hotReload: { enabled: boolean };
  /** Platform add-ons preempt workloads, never the reverse. */
  priorityClassName: string;
  /** Every taint: a node without the agent is a node whose logs are lost. */
  tolerations: Array<{ operator: 'Exists' }>;
  /** Rolling, a slice of nodes at a time, never two agents on one node (they would share the offsets DB). */
  updateStrategy: { type: 'RollingUpdate'; rollingUpdate: { maxUnavailable: string; maxSurge: number } };
  /** Time for the Grace flush on SIGTERM. */
  terminationGracePeriodSeconds: number;
  /** Pod-level: RuntimeDefault seccomp. */
  podSecurityContext: Record<string, unknown>;
  /** Container-level: root (reads root-only log files) but no capabilities, no escalation, read-only root FS. */
  securityContext: Record<string, unknown>;
  /** Requests plus a memory limit. */
  resources: ContainerResources;
  /** NODE_NAME, for node-log records and CloudWatch stream names. */
  env: Array<{ name: string; valueFrom: { fieldRef: { fieldPath: string } } }>;
  /** HTTP server port (metrics, health). */
  metricsPort: number;
  /** The pipeline. */
  config: FluentBitPipeline;
  /** Node paths: logs and journal read-only, the state directory read-write. */
  daemonSetVolumes: FluentBitVolume[];
  /** Mounts of `daemonSetVolumes`. */
  daemonSetVolumeMounts: FluentBitVolumeMount[];
}

/** CloudWatch log groups of the environment's logs (none with the Loki sink). */
export function fluentBitLogGroups(spec: ResolvedSpec): LogGroupNeed[] {
  const { sink, retentionDays } = spec.observability.logs;
  return sink === 'cloudwatch' ? FLUENT_BIT_STREAMS.map((stream) => ({ name: logGroupName(spec, stream), retentionDays })) : [];
}

/** ARN of a log group (`aws` partition), as CloudWatch Logs' IAM resources name it. */
function logGroupArn(spec: ResolvedSpec, name: string): string {
  return `arn:aws:logs:${spec.region}:${spec.accountId}:log-group:${name}`;
}

/**
 * Write access to exactly the environment's two log groups: create streams in them and put
 * events; no CreateLogGroup (the cloud half owns the groups, their retention and encryption), no
 * other group of the account. `:*` covers the groups' log streams.
 */
export function fluentBitIamPolicy(spec: ResolvedSpec): IamPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ShipToOwnLogGroups',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: fluentBitLogGroups(spec).flatMap((g) => [logGroupArn(spec, g.name), `${logGroupArn(spec, g.name)}:*`]),
      },
    ],
  };
}

/**
 * Read-only node paths plus one writable directory. The offsets DB, the journal cursor and the
 * filesystem buffer live in a hostPath directory, not an emptyDir: an emptyDir dies with the pod,
 * so every upgrade or OOM restart would either re-read every log on the node (duplicates) or skip
 * what was written meanwhile, and lose whatever a sink outage had buffered.
 */
function volumes(): { daemonSetVolumes: FluentBitVolume[]; daemonSetVolumeMounts: FluentBitVolumeMount[] } {
  const host: Array<FluentBitVolume & { readOnly: boolean }> = [
    // /var/log/containers links into /var/log/pods; the journal is /var/log/journal.
    { name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' }, readOnly: true },
    // The systemd input needs the machine id to find the journal of this boot's machine.
    { name: 'etcmachineid', hostPath: { path: '/etc/machine-id', type: 'File' }, readOnly: true },
    { name: 'state', hostPath: { path: FLUENT_BIT_STATE_DIR, type: 'DirectoryOrCreate' }, readOnly: false },
  ];
  return {
    daemonSetVolumes: host.map(({ name, hostPath }) => ({ name, hostPath })),
    daemonSetVolumeMounts: host.map(({ name, hostPath, readOnly }) => ({ name, mountPath: hostPath.path, readOnly })),
  };
}

export const fluentBit: Addon<FluentBitValues> = {
  network: fluentBitNetwork,
  id: ID,
  description: 'Fluent Bit log collector on every node: container logs with Kubernetes metadata, kubelet and containerd journal, to Loki or CloudWatch Logs (IRSA), buffered on disk',
  chart: CHART_VERSIONS[ID],
  namespace: 'monitoring-agents',
  podSecurity: 'privileged',
  podSecurityReason:
    'hostPath volumes (the node\'s /var/log with the journal, and the agent\'s state directory) and a root user are refused by baseline and restricted; the namespace holds only node agents, the rest of the observability stack stays in restricted `monitoring`',
  placement: 'every-node',
  // Loki first, so the agents do not start by filling their buffers; CloudWatch groups come from phase 1.
  dependsOn: ({ enabled, spec }) => (spec.observability.logs.sink === 'loki' && enabled.has('loki') ? (['loki'] as AddonId[]) : []),
  isSelected: (spec) => spec.observability.logs.enabled,
  workloadIdentity: {
    serviceAccount: SERVICE_ACCOUNT,
    policy: fluentBitIamPolicy,
    when: (spec) => spec.observability.logs.sink === 'cloudwatch',
  },
  cloud: (spec) => ({ logGroups: fluentBitLogGroups(spec) }),
  // A PodMonitor, not a ServiceMonitor: an agent whose sink is down turns unready (health check),
  // and that is exactly when its retry and buffer metrics matter.
  monitors: () => [{ name: 'fluent-bit', kind: 'pod', selector: { ...FLUENT_BIT_POD_LABELS }, port: 'http', path: FLUENT_BIT_METRICS_PATH }],
  values: ({ spec }) => {
    const cloudwatch = spec.observability.logs.sink === 'cloudwatch';
    const annotations: Record<string, string> = cloudwatch ? { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } : {};
    return {
      kind: 'DaemonSet',
      serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations },
      rbac: { create: true, nodeAccess: false, eventsAccess: false },
      testFramework: { enabled: false },
      hotReload: { enabled: false },
      priorityClassName: PLATFORM_CRITICAL.name,
      tolerations: everyNodeTolerations(),
      // Logs wait in the node's files while an agent restarts (it resumes from its offsets), so
      // rollouts can take a tenth of the nodes at a time (rounded up: at least one).
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } },
      terminationGracePeriodSeconds: 30,
      podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      // Root, and only root: kubelet writes container logs 0640 root:root and the journal is
      // root:systemd-journal 0640. As their owner, root reads them with every capability dropped
      // (no DAC_OVERRIDE needed); no escalation and a read-only root FS keep the rest locked.
      securityContext: {
        runAsUser: 0,
        runAsGroup: 0,
        runAsNonRoot: false,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
      // Memory is bounded by storage.max_chunks_up (32 × ~2 MiB) plus the multiline emitter and
      // the metadata cache; the limit leaves headroom for bursts on busy nodes.
      resources: containerResources({ cpu: '100m', memory: '128Mi' }, '512Mi'),
      env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      metricsPort: FLUENT_BIT_HTTP_PORT,
      config: fluentBitPipeline(spec, lokiPushUrl()),
      ...volumes(),
    };
  },
};

/** Connections of the node agents: log push to the Loki gateway (CloudWatch comes with the workload identity), metrics. */
function fluentBitNetwork({ spec, enabled }: AddonContext): NetworkNeed[] {
  const pods = { namespace: 'monitoring-agents', podLabels: { ...FLUENT_BIT_POD_LABELS } };
  return [
    ...(spec.observability.logs.sink === 'loki' && enabled.has('loki')
      ? [{ purpose: 'container and node logs (Loki push)', from: pods, to: LOKI_GATEWAY_PEER, ports: [{ port: LOKI_GATEWAY_PORT }] }]
      : []),
    ...(enabled.has('kube-prometheus-stack') ? [scrapeNeed(pods, [2020], 'Fluent Bit')] : []),
  ];
}
