/**
 * Prometheus and Alertmanager (operator-managed StatefulSets) of kube-prometheus-stack: sizes and
 * retention from the spec, gp3 volumes, HA and placement from the tier (placement.ts).
 */
import { DEFAULT_STORAGE_CLASS } from '../k8s/storage-classes';
import type { ResolvedSpec } from '../spec/types';
import { alertmanagerConfig, alertmanagerSecrets, type AlertmanagerConfig } from './alertmanager-config';
import {
  containerResources,
  controllerReplicas,
  restrictedPodSecurityContext,
  platformPriority,
  systemPlacement,
  wantsDisruptionBudget,
  zoneSpread,
  type ContainerResources,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';

/** Release name = add-on id; the chart names its custom resources after it. */
export const KPS_RELEASE = 'kube-prometheus-stack';
/** Name of the Prometheus custom resource (its pods carry `operator.prometheus.io/name: <this>`). */
export const PROMETHEUS_NAME = `${KPS_RELEASE}-prometheus`;
/** Name of the Alertmanager custom resource. */
export const ALERTMANAGER_NAME = `${KPS_RELEASE}-alertmanager`;
/** The Secret the chart writes `alertmanager.yaml` into. */
export const ALERTMANAGER_CONFIG_SECRET = `alertmanager-${ALERTMANAGER_NAME}`;

/** Labels of the Prometheus pods (set by the operator). */
export const PROMETHEUS_POD_LABELS = { 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': PROMETHEUS_NAME } as const;
/** Labels of the Alertmanager pods (set by the operator). */
export const ALERTMANAGER_POD_LABELS = { 'app.kubernetes.io/name': 'alertmanager', alertmanager: ALERTMANAGER_NAME } as const;

/** A PVC template as the operator's `storageSpec`/`storage` takes it. */
export interface VolumeClaimTemplate {
  /** The claim the operator creates per replica: one ReadWriteOnce volume of the default (gp3) storage class, sized in GiB. */
  volumeClaimTemplate: {
    spec: { storageClassName: string; accessModes: ['ReadWriteOnce']; resources: { requests: { storage: string } } };
  };
}

/** The chart's PDB values: `minAvailable: null` removes the chart's default so only maxUnavailable remains. */
export interface KpsDisruptionBudget {
  /** Whether the chart renders a PodDisruptionBudget for the StatefulSet (only with two or more replicas). */
  enabled: boolean;
  /** Pods that may be evicted at once (1) when enabled; absent when disabled. */
  maxUnavailable?: number;
  /** `null` deletes the chart's default `minAvailable: 1`, which would conflict with maxUnavailable. */
  minAvailable?: null;
}

/** Placement, HA and hardening shared by Prometheus and Alertmanager. */
export interface OperatorPodValues {
  /** Pods of the StatefulSet the operator runs (from the tier). */
  replicas: number;
  /** Node labels the pods must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Copied by prometheus-operator into the StatefulSet's pods: platformPriority(). */
  priorityClassName: string;
  /** Spreads the replicas over zones: hard (`DoNotSchedule`) where the profile demands zone spread, else best effort. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Pod security context: restricted profile, fixed non-root uid, gid 2000 owning the volume (fsGroup). */
  securityContext: Record<string, unknown>;
  /** Requests and memory limit of the main container. */
  resources: ContainerResources;
}

/** `prometheus.prometheusSpec` values we set. */
export interface PrometheusSpecValues extends OperatorPodValues {
  /** Time-based retention of the TSDB (`<retentionDays>d` from the spec). */
  retention: string;
  /** Size-based retention, 85 % of the volume, so blocks are dropped before the disk fills. */
  retentionSize: string;
  /** Persistent volume of each replica, sized from `observability.metrics.storageGiB`. */
  storageSpec: VolumeClaimTemplate;
  /** false: the empty ServiceMonitor selector is kept (select all) instead of the chart's `release` label match. */
  serviceMonitorSelectorNilUsesHelmValues: boolean;
  /** false: the empty PodMonitor selector is kept (select all) instead of the chart's `release` label match. */
  podMonitorSelectorNilUsesHelmValues: boolean;
  /** false: the empty PrometheusRule selector is kept (select all) instead of the chart's `release` label match. */
  ruleSelectorNilUsesHelmValues: boolean;
  /** false: Probes are selected without the chart's `release` label requirement. */
  probeSelectorNilUsesHelmValues: boolean;
  /** false: ScrapeConfigs are selected without the chart's `release` label requirement. */
  scrapeConfigSelectorNilUsesHelmValues: boolean;
  /** Every namespace's ServiceMonitors/PodMonitors/PrometheusRules (empty selector = all). */
  serviceMonitorSelector: Record<string, never>;
  /** Namespaces whose ServiceMonitors are read: empty = all. */
  serviceMonitorNamespaceSelector: Record<string, never>;
  /** Which PodMonitors are scraped: empty = all. */
  podMonitorSelector: Record<string, never>;
  /** Namespaces whose PodMonitors are read: empty = all. */
  podMonitorNamespaceSelector: Record<string, never>;
  /** Which PrometheusRules are loaded: empty = all. */
  ruleSelector: Record<string, never>;
  /** Namespaces whose PrometheusRules are read: empty = all. */
  ruleNamespaceSelector: Record<string, never>;
  /** Labels added to every series and alert leaving Prometheus: `environment: <spec name>`. */
  externalLabels: Record<string, string>;
  /** Compresses the write-ahead log (less disk and I/O for a little CPU). */
  walCompression: boolean;
}

/** `alertmanager.alertmanagerSpec` values we set. */
export interface AlertmanagerSpecValues extends OperatorPodValues {
  /** Receiver credential Secrets, mounted at /etc/alertmanager/secrets/<name>/. */
  secrets: string[];
  /** Persistent volume (1 GiB) keeping silences and the notification log across restarts. */
  storage: VolumeClaimTemplate;
  /** How long Alertmanager keeps silences and notification state (`120h`). */
  retention: string;
}

function volume(gib: number): VolumeClaimTemplate {
  return {
    volumeClaimTemplate: {
      spec: { storageClassName: DEFAULT_STORAGE_CLASS, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${gib}Gi` } } },
    },
  };
}

/** The chart's PDB for the tier: one eviction at a time, only where there are ≥ 2 replicas. */
export function kpsDisruptionBudget(spec: ResolvedSpec, replicas: number): KpsDisruptionBudget {
  return wantsDisruptionBudget(spec) && replicas >= 2 ? { enabled: true, maxUnavailable: 1, minAvailable: null } : { enabled: false };
}

/**
 * Prometheus replicas: at most 2. Each replica scrapes every target and evaluates every rule
 * (they are copies, not shards), so a third replica triples the scrape load on every exporter
 * and the memory bill for no extra data; two survive one node or zone loss. Development: 1.
 */
export function prometheusReplicas(spec: ResolvedSpec): number {
  return Math.min(controllerReplicas(spec), 2);
}

/**
 * Size-based retention below the volume: 85 % of it (Prometheus units are powers of two, so
 * `GB` = GiB), leaving room for compaction's temporary blocks and the WAL before the disk fills.
 */
export function prometheusRetentionSize(spec: ResolvedSpec): string {
  return `${Math.floor(spec.observability.metrics.storageGiB * 0.85)}GB`;
}

/** Memory grows with the series kept: sized from the volume (1 GiB per 50 GiB, at least 1 GiB). */
function prometheusResources(spec: ResolvedSpec): ContainerResources {
  const gib = Math.max(1, Math.ceil(spec.observability.metrics.storageGiB / 50));
  return containerResources({ cpu: `${gib * 250}m`, memory: `${gib}Gi` }, `${gib * 2}Gi`);
}

function podSecurity(uid: number): Record<string, unknown> {
  return { ...restrictedPodSecurityContext(), runAsUser: uid, runAsGroup: 2000, fsGroup: 2000 };
}

/** Prometheus values. */
export function prometheusSpecValues(spec: ResolvedSpec): PrometheusSpecValues {
  const replicas = prometheusReplicas(spec);
  return {
    replicas,
    retention: `${spec.observability.metrics.retentionDays}d`,
    retentionSize: prometheusRetentionSize(spec),
    storageSpec: volume(spec.observability.metrics.storageGiB),
    // Pick up every monitor and rule of every namespace: a label requirement would be a silent
    // failure (an unlabelled ServiceMonitor is never scraped and nothing says why).
    serviceMonitorSelectorNilUsesHelmValues: false,
    podMonitorSelectorNilUsesHelmValues: false,
    ruleSelectorNilUsesHelmValues: false,
    probeSelectorNilUsesHelmValues: false,
    scrapeConfigSelectorNilUsesHelmValues: false,
    serviceMonitorSelector: {},
    serviceMonitorNamespaceSelector: {},
    podMonitorSelector: {},
    podMonitorNamespaceSelector: {},
    ruleSelector: {},
    ruleNamespaceSelector: {},
    // Alerts and remote readers see which environment a series comes from.
    externalLabels: { environment: spec.name },
    walCompression: true,
    ...systemPlacement(),
    ...platformPriority(),
    topologySpreadConstraints: zoneSpread(spec, { ...PROMETHEUS_POD_LABELS }),
    securityContext: podSecurity(1000),
    resources: prometheusResources(spec),
  };
}

/** Alertmanager values: tier replicas (3 in production, gossiping as one cluster). */
export function alertmanagerSpecValues(spec: ResolvedSpec): AlertmanagerSpecValues {
  return {
    replicas: controllerReplicas(spec),
    secrets: alertmanagerSecrets(spec),
    // Silences and the notification log survive restarts.
    storage: volume(1),
    retention: '120h',
    ...systemPlacement(),
    ...platformPriority(),
    topologySpreadConstraints: zoneSpread(spec, { ...ALERTMANAGER_POD_LABELS }),
    securityContext: podSecurity(1000),
    resources: containerResources({ cpu: '20m', memory: '64Mi' }, '256Mi'),
  };
}

/** The `alertmanager` section of the chart's values. */
export interface AlertmanagerValues {
  /** Whether the chart deploys Alertmanager (always: platform alerts route through it). */
  enabled: boolean;
  /** The chart's PodDisruptionBudget for the Alertmanager pods. */
  podDisruptionBudget: KpsDisruptionBudget;
  /** Routing configuration the chart writes as `alertmanager.yaml` into the config Secret. */
  config: AlertmanagerConfig;
  /** Fields of the Alertmanager custom resource (replicas, storage, placement, secrets). */
  alertmanagerSpec: AlertmanagerSpecValues;
}

/** The `alertmanager` section. */
export function alertmanagerValues(spec: ResolvedSpec): AlertmanagerValues {
  const alertmanagerSpec = alertmanagerSpecValues(spec);
  return { enabled: true, podDisruptionBudget: kpsDisruptionBudget(spec, alertmanagerSpec.replicas), config: alertmanagerConfig(spec), alertmanagerSpec };
}
