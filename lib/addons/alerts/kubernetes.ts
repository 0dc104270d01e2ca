/**
 * Cluster health every environment has: API server errors and latency, nodes not ready, pods
 * crash looping or unschedulable, persistent volumes filling. These replace the chart's
 * KubeAPIErrorBudgetBurn, KubeNodeNotReady, KubePodCrashLooping and KubePersistentVolumeFillingUp
 * (REPLACED_DEFAULT_ALERTS): same concern, one alert, with a runbook in this repository.
 */
import { alert, type AlertRuleGroup } from './types';

/** EKS's API server, scraped by the chart's `apiserver` ServiceMonitor (default/kubernetes). */
const APISERVER = 'job="apiserver"';
const KSM = 'job="kube-state-metrics"';
const KUBELET = 'job="kubelet"';

/** Verbs answered from a single object (LIST and WATCH scale with the collection; CONNECT is a stream). */
const SINGLE_OBJECT_VERBS = 'verb=~"GET|POST|PUT|PATCH|DELETE"';

/** The `groundwork.kubernetes` group. */
export function kubernetesGroup(): AlertRuleGroup {
  return {
    name: 'groundwork.kubernetes',
    rules: [
      alert({
        alert: 'KubeAPIServerErrorsHigh',
        expr: `sum(rate(apiserver_request_total{${APISERVER},code=~"5.."}[5m])) / sum(rate(apiserver_request_total{${APISERVER}}[5m])) > 0.05`,
        for: '10m',
        severity: 'critical',
        summary: 'The Kubernetes API server answers more than 5% of requests with 5xx.',
        description: '{{ $value | humanizePercentage }} of API server requests failed with a 5xx status over the last 5 minutes: controllers, deployments and autoscaling are failing.',
      }),
      alert({
        alert: 'KubeAPIServerLatencyHigh',
        expr: `histogram_quantile(0.99, sum by (le, verb) (rate(apiserver_request_duration_seconds_bucket{${APISERVER},${SINGLE_OBJECT_VERBS},subresource!~"log|exec|portforward|attach|proxy"}[5m]))) > 1`,
        for: '15m',
        severity: 'warning',
        summary: 'The Kubernetes API server is slow (p99 above 1 s).',
        description: 'p99 latency of {{ $labels.verb }} requests is {{ $value | humanizeDuration }} (objective: 1 s for single-object requests).',
      }),
      alert({
        alert: 'KubeNodeNotReady',
        expr: `kube_node_status_condition{${KSM},condition="Ready",status="true"} == 0`,
        for: '15m',
        severity: 'warning',
        summary: 'A node has not been Ready for 15 minutes.',
        description: 'Node {{ $labels.node }} is not Ready: its pods are being evicted or cannot start.',
      }),
      alert({
        alert: 'KubePodCrashLooping',
        expr: `max_over_time(kube_pod_container_status_waiting_reason{${KSM},reason="CrashLoopBackOff"}[5m]) >= 1`,
        for: '15m',
        severity: 'warning',
        summary: 'A container is crash looping.',
        description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} has been in CrashLoopBackOff for 15 minutes.',
      }),
      alert({
        alert: 'KubePodsUnschedulable',
        expr: `sum by (namespace) (kube_pod_status_unschedulable{${KSM}}) > 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Pods cannot be scheduled for 15 minutes.',
        description: '{{ $value }} pod(s) in namespace {{ $labels.namespace }} are unschedulable: no node fits them and the node autoscaler has not added one.',
      }),
      alert({
        alert: 'KubePersistentVolumeFillingUp',
        expr: `kubelet_volume_stats_available_bytes{${KUBELET}} / kubelet_volume_stats_capacity_bytes{${KUBELET}} < 0.03`,
        for: '5m',
        severity: 'critical',
        summary: 'A persistent volume is almost full (less than 3% free).',
        description: 'Volume of claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has {{ $value | humanizePercentage }} free.',
      }),
      alert({
        alert: 'KubePersistentVolumeFillingUp',
        expr: `(kubelet_volume_stats_available_bytes{${KUBELET}} / kubelet_volume_stats_capacity_bytes{${KUBELET}} < 0.15) and predict_linear(kubelet_volume_stats_available_bytes{${KUBELET}}[6h], 4 * 24 * 3600) < 0`,
        for: '1h',
        severity: 'warning',
        summary: 'A persistent volume will be full within four days.',
        description: 'Volume of claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has {{ $value | humanizePercentage }} free and at the growth of the last 6 hours fills up within 4 days.',
      }),
    ],
  };
}
