/**
 * The observability stack watching itself: a Prometheus or Alertmanager replica down (the
 * chart's own rules cover failed sends, bad config and cluster-wide outages), and for each
 * pipeline that is enabled — Loki, Fluent Bit, the OpenTelemetry Collector, Tempo — its pods down
 * and the data it fails to accept or deliver. The dead man's switch for a silent Prometheus is
 * the chart's Watchdog alert.
 */
import type { AddonId } from '../../spec/types';
import type { AddonContext } from '../addon';
import { MONITORING_AGENTS_NAMESPACE } from '../kube-prometheus-stack-labels';
import { alert, type AlertingRule, type AlertRuleGroup } from './types';

const MONITORING = 'monitoring';

/** `<name>Down`: a scraped pod of the component has been down for 10 minutes. */
function down(name: string, component: string, namespace: string, podPattern: string): AlertingRule {
  return alert({
    alert: `${name}Down`,
    expr: `up{namespace="${namespace}",pod=~"${podPattern}"} == 0`,
    for: '10m',
    severity: 'warning',
    summary: `A ${component} pod cannot be scraped.`,
    description: `${component} pod {{ $labels.namespace }}/{{ $labels.pod }} has been down (or unreachable by Prometheus) for 10 minutes.`,
  });
}

const PIPELINES: ReadonlyArray<{ id: AddonId; rules: () => AlertingRule[] }> = [
  {
    id: 'loki',
    rules: () => [
      down('Loki', 'Loki', MONITORING, 'loki-.*'),
      alert({
        alert: 'LokiRequestErrors',
        expr: 'sum by (route) (rate(loki_request_duration_seconds_count{status_code=~"5.."}[5m])) / sum by (route) (rate(loki_request_duration_seconds_count[5m])) > 0.05',
        for: '15m',
        severity: 'warning',
        summary: 'Loki fails more than 5% of requests.',
        description: 'Loki answered {{ $value | humanizePercentage }} of {{ $labels.route }} requests with 5xx: logs are lost (push) or cannot be queried.',
      }),
      alert({
        alert: 'LokiDiscardingSamples',
        expr: 'sum by (reason) (rate(loki_discarded_samples_total[5m])) > 0',
        for: '15m',
        severity: 'warning',
        summary: 'Loki discards log lines.',
        description: 'Loki discards log lines for reason {{ $labels.reason }} (rate limit, too old, line too long, stream limit).',
      }),
    ],
  },
  {
    id: 'fluent-bit',
    rules: () => [
      down('FluentBit', 'Fluent Bit', MONITORING_AGENTS_NAMESPACE, 'fluent-bit-.*'),
      alert({
        alert: 'FluentBitOutputErrors',
        expr: 'sum by (pod, name) (rate(fluentbit_output_errors_total[5m])) > 0',
        for: '15m',
        severity: 'warning',
        summary: 'Fluent Bit fails to deliver logs.',
        description: 'Output {{ $labels.name }} of {{ $labels.pod }} has failed deliveries for 15 minutes; chunks are retried and buffered on the node.',
      }),
      alert({
        alert: 'FluentBitRecordsDropped',
        expr: 'sum by (pod, name) (rate(fluentbit_output_retries_failed_total[5m])) > 0 or sum by (pod, name) (rate(fluentbit_output_dropped_records_total[5m])) > 0',
        for: '5m',
        severity: 'warning',
        summary: 'Fluent Bit drops logs.',
        description: 'Output {{ $labels.name }} of {{ $labels.pod }} drops records (retries exhausted or buffer full): those logs are lost.',
      }),
    ],
  },
  {
    id: 'opentelemetry-collector',
    rules: () => [
      down('OpenTelemetryCollector', 'OpenTelemetry Collector', MONITORING, 'opentelemetry-collector-.*'),
      alert({
        alert: 'OpenTelemetryCollectorExportFailing',
        expr: 'sum by (exporter) (rate(otelcol_exporter_send_failed_spans_total[5m])) > 0 or sum by (exporter) (rate(otelcol_exporter_send_failed_log_records_total[5m])) > 0',
        for: '10m',
        severity: 'warning',
        summary: 'The OpenTelemetry Collector fails to export.',
        description: 'Exporter {{ $labels.exporter }} fails to send spans or log records (Tempo or the log sink unreachable or refusing): after the retry queue, data is dropped.',
      }),
      alert({
        alert: 'OpenTelemetryCollectorRefusingData',
        expr: 'sum by (receiver) (rate(otelcol_receiver_refused_spans_total[5m])) > 0',
        for: '10m',
        severity: 'warning',
        summary: 'The OpenTelemetry Collector refuses incoming spans.',
        description: 'Receiver {{ $labels.receiver }} refuses spans (memory limiter or full pipeline): senders drop traces.',
      }),
      alert({
        alert: 'OpenTelemetryCollectorQueueFull',
        expr: 'max by (pod, exporter) (otelcol_exporter_queue_size / otelcol_exporter_queue_capacity) > 0.8',
        for: '10m',
        severity: 'warning',
        summary: "An OpenTelemetry Collector exporter's queue is nearly full.",
        description: 'Queue of exporter {{ $labels.exporter }} in {{ $labels.pod }} is {{ $value | humanizePercentage }} full: the backend is slower than the incoming data.',
      }),
    ],
  },
  {
    id: 'tempo',
    rules: () => [
      down('Tempo', 'Tempo', MONITORING, 'tempo-.*'),
      alert({
        alert: 'TempoDiscardingSpans',
        expr: 'sum by (reason) (rate(tempo_discarded_spans_total[5m])) > 0',
        for: '15m',
        severity: 'warning',
        summary: 'Tempo discards spans.',
        description: 'Tempo discards spans for reason {{ $labels.reason }} (rate or trace size limits): traces are incomplete.',
      }),
    ],
  },
];

/** The `groundwork.observability` group (the metrics stack is on whenever rules exist). */
export function observabilityGroup(ctx: AddonContext): AlertRuleGroup {
  return {
    name: 'groundwork.observability',
    rules: [
      alert({
        alert: 'PrometheusReplicaDown',
        expr: `up{namespace="${MONITORING}",job="kube-prometheus-stack-prometheus"} == 0`,
        for: '10m',
        severity: 'warning',
        summary: 'A Prometheus replica cannot be scraped.',
        description: 'Prometheus pod {{ $labels.pod }} has been down for 10 minutes: the pair runs without redundancy and that replica records no samples.',
      }),
      alert({
        alert: 'AlertmanagerReplicaDown',
        expr: `up{namespace="${MONITORING}",job="kube-prometheus-stack-alertmanager"} == 0`,
        for: '10m',
        severity: 'warning',
        summary: 'An Alertmanager replica cannot be scraped.',
        description: 'Alertmanager pod {{ $labels.pod }} has been down for 10 minutes: the cluster runs with fewer peers.',
      }),
      ...PIPELINES.filter((p) => ctx.enabled.has(p.id)).flatMap((p) => p.rules()),
    ],
  };
}
