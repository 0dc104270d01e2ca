/**
 * The Fluent Bit pipeline (classic configuration), built from the spec: container logs tailed from
 * the node (CRI format, Go/Java/Python stack traces joined), kubelet and containerd from the
 * journal, Kubernetes metadata from the API server, and one output per stream to the sink the spec
 * picks (Loki or CloudWatch Logs). Every file Fluent Bit keeps state in (tail offsets, journal
 * cursor, buffered chunks) lives in one hostPath directory per node, so a restart, an upgrade or a
 * sink outage neither loses nor re-sends what was already read.
 */
import { logGroupName } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';

/** The node directory holding offsets, the journal cursor and the filesystem buffer (the only writable mount). */
export const FLUENT_BIT_STATE_DIR = '/var/fluent-bit/state';
/** Port of Fluent Bit's HTTP server (metrics, health). */
export const FLUENT_BIT_HTTP_PORT = 2020;
/** Path of the Prometheus metrics (v2: the cmetrics-based `fluentbit_*` families). */
export const FLUENT_BIT_METRICS_PATH = '/api/v2/metrics/prometheus';
/** The two log streams: their CloudWatch log groups are `logGroupName(spec, stream)`. */
export const FLUENT_BIT_STREAMS = ['containers', 'nodes'] as const;
/** A log stream Fluent Bit ships. */
export type FluentBitStream = (typeof FLUENT_BIT_STREAMS)[number];
/** Systemd units whose journal is shipped as node logs (EKS AMIs run containerd under systemd). */
export const NODE_UNITS = ['kubelet.service', 'containerd.service'] as const;

/** Tags routing each stream from its input through its filters to its output. */
const TAG: Record<FluentBitStream, string> = { containers: 'kube.*', nodes: 'node.*' };

/**
 * Chunks held in memory at once (about 2 MiB each): with filesystem buffering this, not the
 * inputs' Mem_Buf_Limit, bounds memory while a sink is down; the rest waits on disk.
 */
const MAX_CHUNKS_UP = 32;
/** Disk each output may fill with unsent chunks before the oldest are dropped (the node's root volume is shared). */
const OUTPUT_DISK_LIMIT: Record<FluentBitStream, string> = { containers: '2G', nodes: '512M' };

type Entry = readonly [key: string, value: string | number];

/** One `[NAME]` section, keys aligned; repeated keys (Systemd_Filter) stay in order. */
function section(name: string, entries: readonly Entry[]): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return [`[${name}]`, ...entries.map(([k, v]) => `    ${k.padEnd(width)} ${v}`)].join('\n') + '\n';
}

function service(): string {
  return section('SERVICE', [
    ['Daemon', 'Off'],
    ['Flush', 1],
    // Seconds to flush on SIGTERM; what is left stays in the buffer directory for the next pod.
    ['Grace', 10],
    ['Log_Level', 'info'],
    ['Parsers_File', '/fluent-bit/etc/parsers.conf'],
    ['HTTP_Server', 'On'],
    ['HTTP_Listen', '0.0.0.0'],
    ['HTTP_Port', FLUENT_BIT_HTTP_PORT],
    ['Health_Check', 'On'],
    ['storage.path', `${FLUENT_BIT_STATE_DIR}/buffer/`],
    ['storage.sync', 'normal'],
    ['storage.checksum', 'off'],
    ['storage.max_chunks_up', MAX_CHUNKS_UP],
    ['storage.backlog.mem_limit', '16M'],
    ['storage.metrics', 'on'],
  ]);
}

function inputs(): string {
  const containers = section('INPUT', [
    ['Name', 'tail'],
    ['Alias', 'containers'],
    ['Tag', TAG.containers],
    ['Path', '/var/log/containers/*.log'],
    // Its own logs stay out: while a sink fails it logs every retry, which would feed the failing
    // pipeline with more of the same. Its health is in its metrics.
    ['Path_Exclude', '/var/log/containers/fluent-bit-*_monitoring-agents_fluent-bit-*.log'],
    // containerd writes the CRI format; `cri` also rejoins lines the runtime split at 16 KiB.
    ['multiline.parser', 'cri'],
    ['DB', `${FLUENT_BIT_STATE_DIR}/containers.db`],
    ['DB.locking', 'true'],
    // Only for files the DB does not know yet: a node's first pods start before the agent does.
    ['Read_from_Head', 'true'],
    ['Refresh_Interval', 10],
    ['Rotate_Wait', 30],
    ['Skip_Long_Lines', 'On'],
    ['Mem_Buf_Limit', '50MB'],
    ['storage.type', 'filesystem'],
  ]);
  const nodes = section('INPUT', [
    ['Name', 'systemd'],
    ['Alias', 'nodes'],
    ['Tag', TAG.nodes],
    ['Path', '/var/log/journal'],
    ...NODE_UNITS.map((unit) => ['Systemd_Filter', `_SYSTEMD_UNIT=${unit}`] as const),
    // Either unit, stated rather than left to the default (older releases defaulted to And, which matches nothing here).
    ['Systemd_Filter_Type', 'Or'],
    ['DB', `${FLUENT_BIT_STATE_DIR}/journal.db`],
    // First start on a node: from now, not weeks of journal; afterwards the cursor in the DB.
    ['Read_From_Tail', 'On'],
    ['Strip_Underscores', 'On'],
    ['Mem_Buf_Limit', '10MB'],
    ['storage.type', 'filesystem'],
  ]);
  return `${containers}\n${nodes}`;
}

function filters(): string {
  // First, before metadata: the multiline filter re-emits joined records under the same tag.
  const stackTraces = section('FILTER', [
    ['Name', 'multiline'],
    ['Alias', 'stack-traces'],
    ['Match', TAG.containers],
    ['multiline.key_content', 'log'],
    ['multiline.parser', 'go, java, python'],
    ['emitter_storage.type', 'filesystem'],
    ['emitter_mem_buf_limit', '50MB'],
  ]);
  const metadata = section('FILTER', [
    ['Name', 'kubernetes'],
    ['Alias', 'metadata'],
    ['Match', TAG.containers],
    ['Kube_Tag_Prefix', 'kube.var.log.containers.'],
    // JSON log lines are parsed under their own key, so an application field can never
    // overwrite the `kubernetes` metadata the labels are read from.
    ['Merge_Log', 'On'],
    ['Merge_Log_Key', 'log_processed'],
    ['Keep_Log', 'Off'],
    ['K8S-Logging.Parser', 'On'],
    // A pod annotation must not hide a workload's logs from the platform.
    ['K8S-Logging.Exclude', 'Off'],
    ['Labels', 'On'],
    // Annotations are large (last-applied-configuration) and sometimes sensitive.
    ['Annotations', 'Off'],
    // A meshed pod's JSON is well over the 32k default; a failed lookup ships logs without metadata.
    ['Buffer_Size', '512k'],
    // The API server, with the pod's own token and get/list/watch on pods and namespaces only.
    // The kubelet alternative needs nodes/proxy (which lets the holder run commands in any pod of
    // the node through the kubelet API) and, on 127.0.0.1, host networking: too much for a log
    // shipper on every node. Lookups are per new pod and cached, which the API server absorbs at
    // the hundreds of nodes an environment is built for.
    ['Use_Kubelet', 'Off'],
  ]);
  const nodeName = section('FILTER', [
    ['Name', 'record_modifier'],
    ['Alias', 'node-name'],
    ['Match', TAG.nodes],
    ['Record', 'node ${NODE_NAME}'],
  ]);
  return `${stackTraces}\n${metadata}\n${nodeName}`;
}

/** Where Loki receives pushes, split the way Fluent Bit's `loki` output takes it. */
export interface LokiEndpoint {
  host: string;
  port: number;
  uri: string;
  tls: boolean;
}

/** Host, port, path and TLS of a Loki push URL. */
export function lokiEndpoint(pushUrl: string): LokiEndpoint {
  const url = new URL(pushUrl);
  const tls = url.protocol === 'https:';
  return { host: url.hostname, port: url.port ? Number(url.port) : tls ? 443 : 80, uri: url.pathname, tls };
}

/**
 * Loki stream labels: low cardinality only. Pod names and uids are in the JSON line (queried with
 * `| json`), never labels: every distinct label set is a stream, and a label per pod multiplies
 * Loki's index with every rollout.
 */
export const LOKI_LABELS: Record<FluentBitStream, readonly string[]> = {
  containers: [
    'job=containers',
    "namespace=$kubernetes['namespace_name']",
    "container=$kubernetes['container_name']",
    "app=$kubernetes['labels']['app.kubernetes.io/name']",
    "node=$kubernetes['host']",
    'stream=$stream',
  ],
  nodes: ['job=nodes', 'node=$node', 'unit=$SYSTEMD_UNIT'],
};

/** Retries and disk for every output: a sink outage fills the buffer directory, never memory. */
function delivery(stream: FluentBitStream): Entry[] {
  return [
    // Retried until delivered or dropped for disk space: the disk limit, not a retry count, decides.
    ['Retry_Limit', 'no_limits'],
    ['storage.total_limit_size', OUTPUT_DISK_LIMIT[stream]],
  ];
}

function lokiOutput(stream: FluentBitStream, push: LokiEndpoint): string {
  return section('OUTPUT', [
    ['Name', 'loki'],
    ['Alias', `loki-${stream}`],
    ['Match', TAG[stream]],
    ['Host', push.host],
    ['Port', push.port],
    ['Uri', push.uri],
    ['tls', push.tls ? 'On' : 'Off'],
    ...(push.tls ? ([['tls.verify', 'On']] as const) : []),
    ['labels', LOKI_LABELS[stream].join(', ')],
    ['auto_kubernetes_labels', 'Off'],
    ['line_format', 'json'],
    ...delivery(stream),
  ]);
}

/** Log streams inside each CloudWatch group: per container for container logs, per node and unit for node logs. */
const CLOUDWATCH_STREAM_TEMPLATE: Partial<Record<FluentBitStream, string>> = {
  containers: "$kubernetes['namespace_name'].$kubernetes['pod_name'].$kubernetes['container_name']",
};

function cloudWatchOutput(spec: ResolvedSpec, stream: FluentBitStream): string {
  const template = CLOUDWATCH_STREAM_TEMPLATE[stream];
  return section('OUTPUT', [
    ['Name', 'cloudwatch_logs'],
    ['Alias', `cloudwatch-${stream}`],
    ['Match', TAG[stream]],
    ['region', spec.region],
    ['log_group_name', logGroupName(spec, stream)],
    // The fallback when the template cannot be resolved, and the node streams' name: `<node>.<tag>`.
    ['log_stream_prefix', '${NODE_NAME}.'],
    ...(template ? ([['log_stream_template', template]] as const) : []),
    // The cloud half creates the groups with their retention and KMS key; the IAM role cannot create any.
    ['auto_create_group', 'Off'],
    ...delivery(stream),
  ]);
}

function outputs(spec: ResolvedSpec, lokiPushUrl: string): string {
  const { sink } = spec.observability.logs;
  return FLUENT_BIT_STREAMS.map((stream) => (sink === 'cloudwatch' ? cloudWatchOutput(spec, stream) : lokiOutput(stream, lokiEndpoint(lokiPushUrl)))).join('\n');
}

/** The four parts of the main configuration file, as the chart's `config` values take them. */
export interface FluentBitPipeline {
  /** `[SERVICE]` section: flush, health and metrics HTTP server, filesystem buffer settings. */
  service: string;
  /** `[INPUT]` sections: container logs (tail) and node journal (systemd). */
  inputs: string;
  /** `[FILTER]` sections: multiline stack-trace joining, Kubernetes metadata for containers, node name on journal records. */
  filters: string;
  /** `[OUTPUT]` sections: one per stream, to Loki or CloudWatch Logs per the spec's sink. */
  outputs: string;
}

/** The pipeline of `spec`'s environment; `lokiPushUrl` is where the `loki` sink pushes. */
export function fluentBitPipeline(spec: ResolvedSpec, lokiPushUrl: string): FluentBitPipeline {
  return { service: service(), inputs: inputs(), filters: filters(), outputs: outputs(spec, lokiPushUrl) };
}
