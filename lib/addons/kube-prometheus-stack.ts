/**
 * kube-prometheus-stack: the metrics half of observability. prometheus-operator, Prometheus (HA
 * pair), Alertmanager (cluster of the tier's replicas, routed from the spec), Grafana
 * (datasources as code), kube-state-metrics and node-exporter. EKS hides kube-scheduler,
 * kube-controller-manager and etcd, and kube-proxy binds its metrics to 127.0.0.1: their
 * scraping, default rules and dashboards are switched off so no alert fires forever on a target
 * that can never be scraped.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext, AcceptedFinding } from './addon';
import {
  ALERTMANAGER_POD_LABELS,
  alertmanagerValues,
  KPS_RELEASE,
  kpsDisruptionBudget,
  prometheusSpecValues,
  type AlertmanagerValues,
  type KpsDisruptionBudget,
  type PrometheusSpecValues,
} from './kube-prometheus-stack-components';
import { grafanaValues, type GrafanaValues } from './grafana-values';
import { addAlertRules, REPLACED_DEFAULT_ALERTS } from './alerts';
import { addDashboards } from './dashboards';
import { KSM_LABEL_ALLOWLIST, MONITORING_AGENTS_NAMESPACE } from './kube-prometheus-stack-labels';
import { addTenantDeployRoles } from '../k8s/tenant-deploy-roles';
import { addMonitors, SIDECAR_METRICS_PORT, TENANT_METRICS_PORT } from './monitors';
import { PROMETHEUS_PEER, scrapeNeed, webhookNeed, type NetworkNeed } from './network';
import {
  containerResources,
  everyNodeTolerations,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  platformPriority,
  singletonFindings,
  systemPlacement,
  type ContainerResources,
  type Toleration,
} from './placement';

// Leaf module, so monitors/alerts/dashboards can import the constants without an import cycle.
export { KSM_LABEL_ALLOWLIST, MONITOR_LABELS, MONITORING_AGENTS_NAMESPACE, PROMETHEUS_RULE_LABELS } from './kube-prometheus-stack-labels';

const ID = KPS_RELEASE;
const NAMESPACE = 'monitoring';

/** Control-plane parts EKS runs out of reach (or binds to localhost): never scraped, never alerted on. */
export const HIDDEN_CONTROL_PLANE = ['kubeScheduler', 'kubeControllerManager', 'kubeEtcd', 'kubeProxy'] as const;

/** Placement, resources and hardening of a chart Deployment. */
export interface KpsDeploymentValues {
  /** Node labels the pods must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Scheduling priority of the pods: platformPriority(). */
  priorityClassName: string;
  /** Requests plus a memory limit of the Deployment's container. */
  resources: ContainerResources;
}

/** Chart values we set (kube-prometheus-stack chart 88.5). */
export interface KubePrometheusStackValues {
  /** The chart's CRDs (its crds subchart, Helm `crds/` folder): installed, never upgraded by Helm. */
  crds: { enabled: boolean; upgradeJob: { enabled: boolean } };
  /** Windows node exporter scraping and rules: off, the cluster has no Windows nodes. */
  windowsMonitoring: { enabled: boolean };
  /** The chart's rule groups we keep; `disabled` drops single alerts our own rules (with runbooks) replace. */
  defaultRules: { create: boolean; rules: Record<string, boolean>; disabled: Record<string, boolean>; additionalRuleLabels: Record<string, string> };
  /** Scraping the scheduler: off, EKS does not expose the managed control plane's components. */
  kubeScheduler: { enabled: boolean };
  /** Scraping the controller manager: off, hidden in the EKS managed control plane. */
  kubeControllerManager: { enabled: boolean };
  /** Scraping etcd: off, hidden in the EKS managed control plane. */
  kubeEtcd: { enabled: boolean };
  /** Scraping kube-proxy: off, the EKS add-on binds its metrics to 127.0.0.1. */
  kubeProxy: { enabled: boolean };
  /** ServiceMonitor for the API server's `/metrics` (reachable through the `kubernetes` Service). */
  kubeApiServer: { enabled: boolean };
  /** HTTPS with the service account token, kubelet TLS verified against the cluster CA (the chart's default). */
  kubelet: { enabled: boolean; serviceMonitor: { https: boolean; cAdvisor: boolean; probes: boolean } };
  /** EKS CoreDNS: pods `k8s-app: kube-dns`, metrics on 9153. */
  coreDns: { enabled: boolean; service: { enabled: boolean; port: number; targetPort: number } };
  /** kube-dns (SkyDNS) scraping: off, EKS runs CoreDNS (`coreDns`). */
  kubeDns: { enabled: boolean };
  /** The Prometheus Operator Deployment, its admission webhook (certificate Jobs) and config-reloader sidecar size. */
  prometheusOperator: KpsDeploymentValues & {
    securityContext: Record<string, unknown>;
    containerSecurityContext: Record<string, unknown>;
    admissionWebhooks: {
      enabled: boolean;
      patch: KpsDeploymentValues & { enabled: boolean; securityContext: Record<string, unknown> };
      createSecretJob: { securityContext: Record<string, unknown> };
      patchWebhookJob: { securityContext: Record<string, unknown> };
    };
    prometheusConfigReloader: { resources: ContainerResources };
  };
  /** The Prometheus instance the operator runs: its budget and `Prometheus` resource spec. */
  prometheus: { enabled: boolean; podDisruptionBudget: KpsDisruptionBudget; prometheusSpec: PrometheusSpecValues };
  /** The Alertmanager instance: replicas, routes and receivers from `spec.observability.alerting`. */
  alertmanager: AlertmanagerValues;
  /** The Grafana subchart: datasources, dashboards and admin credentials. */
  grafana: GrafanaValues;
  /** Whether the chart deploys kube-state-metrics and its ServiceMonitor. */
  kubeStateMetrics: { enabled: boolean };
  /** The kube-state-metrics subchart: object-state metrics, with the pod labels it exports (`metricLabelsAllowlist`). */
  'kube-state-metrics': KpsDeploymentValues & {
    replicas: number;
    metricLabelsAllowlist: string[];
    securityContext: Record<string, unknown>;
    containerSecurityContext: Record<string, unknown>;
  };
  /** Whether the chart deploys node-exporter, and for which node operating systems (Linux only). */
  nodeExporter: { enabled: boolean; operatingSystems: { linux: { enabled: boolean }; aix: { enabled: boolean }; darwin: { enabled: boolean } } };
  /** The node-exporter subchart: a DaemonSet on every node, in the agents namespace. */
  'prometheus-node-exporter': {
    namespaceOverride: string;
    tolerations: Array<{ operator: 'Exists' }>;
    /** Node agent priority: platformPriority(). */
    priorityClassName: string;
    resources: ContainerResources;
  };
}

/**
 * Chart alerts that misfire on an autoscaled cluster: "requests exceed what survives the loss of the
 * largest node" is the normal state once Karpenter (or cluster-autoscaler) packs nodes tightly, and
 * capacity arrives on demand. Real shortage shows as pending pods (KubePodsUnschedulable) and as the
 * autoscaler's own alerts.
 */
export const MISFIRING_DEFAULT_ALERTS = ['KubeCPUOvercommit', 'KubeMemoryOvercommit'] as const;

/** Default rule groups: every group of the chart on, minus the hidden control plane and Windows. */
export function defaultRuleToggles(): Record<string, boolean> {
  return {
    etcd: false,
    kubeControllerManager: false,
    kubeProxy: false,
    kubeSchedulerAlerting: false,
    kubeSchedulerRecording: false,
    // Its only alert is KubeAPIErrorBudgetBurn, which our edge of the API server alerts replace
    // (REPLACED_DEFAULT_ALERTS): disabling the alert alone leaves a group with `rules: null`, which
    // the PrometheusRule schema refuses.
    kubeApiserverSlos: false,
    windows: false,
  };
}

/** `metricLabelsAllowlist` entries as kube-state-metrics takes them (`resource=[label,…]`). */
export function ksmLabelAllowlist(): string[] {
  return Object.entries(KSM_LABEL_ALLOWLIST).map(([resource, labels]) => `${resource}=[${labels.join(',')}]`);
}

function deployment(resources: ContainerResources): KpsDeploymentValues {
  return { ...systemPlacement(), ...platformPriority(), resources };
}

/** The whole values object. */
export function kubePrometheusStackValues(ctx: AddonContext): KubePrometheusStackValues {
  const { spec } = ctx;
  const prometheusSpec = prometheusSpecValues(spec);
  const jobSecurity = { ...restrictedPodSecurityContext(), runAsUser: 2000, runAsGroup: 2000 };
  return {
    crds: { enabled: true, upgradeJob: { enabled: false } },
    windowsMonitoring: { enabled: false },
    // Alerts our own rules replace (one page per incident, with a runbook in this repository).
    defaultRules: {
      create: true,
      rules: defaultRuleToggles(),
      disabled: Object.fromEntries([...REPLACED_DEFAULT_ALERTS, ...MISFIRING_DEFAULT_ALERTS].map((alert) => [alert, true])),
      // Routes match `team`: without it the chart's alerts would bypass every team route of the spec.
      additionalRuleLabels: { team: 'platform' },
    },
    kubeScheduler: { enabled: false },
    kubeControllerManager: { enabled: false },
    kubeEtcd: { enabled: false },
    // EKS's kube-proxy add-on binds metrics to 127.0.0.1:10249: unreachable from Prometheus, and
    // rebinding it means editing the managed add-on's config; its health shows in Service traffic.
    kubeProxy: { enabled: false },
    kubeApiServer: { enabled: true },
    kubelet: { enabled: true, serviceMonitor: { https: true, cAdvisor: true, probes: true } },
    // The chart's CoreDNS Service selects `k8s-app: kube-dns`, the label of EKS CoreDNS pods (tested as rendered).
    coreDns: { enabled: true, service: { enabled: true, port: 9153, targetPort: 9153 } },
    kubeDns: { enabled: false },
    prometheusOperator: {
      ...deployment(containerResources({ cpu: '50m', memory: '128Mi' }, '512Mi')),
      securityContext: { ...restrictedPodSecurityContext(), runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
      containerSecurityContext: restrictedContainerSecurityContext(),
      admissionWebhooks: {
        enabled: true,
        // The chart's certgen Jobs issue the webhook certificate (a pre-install hook, so no ordering
        // on cert-manager, which is not in every environment); failurePolicy stays the chart's
        // Ignore: while the single operator is down, rules are admitted and validated at reconcile.
        patch: { enabled: true, ...deployment(containerResources({ cpu: '10m', memory: '32Mi' }, '64Mi')), securityContext: jobSecurity },
        createSecretJob: { securityContext: restrictedContainerSecurityContext() },
        patchWebhookJob: { securityContext: restrictedContainerSecurityContext() },
      },
      prometheusConfigReloader: { resources: containerResources({ cpu: '10m', memory: '32Mi' }, '64Mi') },
    },
    prometheus: { enabled: true, podDisruptionBudget: kpsDisruptionBudget(spec, prometheusSpec.replicas), prometheusSpec },
    alertmanager: alertmanagerValues(spec),
    grafana: grafanaValues(ctx),
    kubeStateMetrics: { enabled: true },
    'kube-state-metrics': {
      replicas: 1,
      metricLabelsAllowlist: ksmLabelAllowlist(),
      ...deployment(containerResources({ cpu: '20m', memory: '128Mi' }, '512Mi')),
      securityContext: { ...restrictedPodSecurityContext(), runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
      containerSecurityContext: restrictedContainerSecurityContext(),
    },
    nodeExporter: { enabled: true, operatingSystems: { linux: { enabled: true }, aix: { enabled: false }, darwin: { enabled: false } } },
    'prometheus-node-exporter': {
      namespaceOverride: MONITORING_AGENTS_NAMESPACE,
      tolerations: everyNodeTolerations(),
      ...platformPriority(),
      resources: containerResources({ cpu: '20m', memory: '32Mi' }, '128Mi'),
    },
  };
}

/** Singletons on purpose, with the reason reviewers judge. */
function kpsAcceptedFindings({ spec }: AddonContext): AcceptedFinding[] {
  const singletons: Array<[string, string]> = [
    [
      `Deployment/${NAMESPACE}/${ID}-operator`,
      'prometheus-operator has no leader election (two replicas would both reconcile); it only reconciles: Prometheus and Alertmanager keep running and alerting while it restarts',
    ],
    [
      `Deployment/${NAMESPACE}/${ID}-kube-state-metrics`,
      'every kube-state-metrics replica exports the same series: a second replica duplicates every kube_* series behind the Service; a restart leaves a scrape gap that alerts ride over with their for: durations',
    ],
    [
      `Deployment/${NAMESPACE}/${ID}-grafana`,
      'Grafana on sqlite (emptyDir) cannot share state between replicas; it is a read-only view (dashboards and datasources are code), alerting runs in Prometheus/Alertmanager, so an outage loses no signal',
    ],
  ];
  return singletons.flatMap(([object, reason]) => singletonFindings(spec, object, reason));
}

export const kubePrometheusStack: Addon<KubePrometheusStackValues> = {
  network: kubePrometheusStackNetwork,
  id: ID,
  description: 'Metrics: Prometheus (HA pair, gp3, retention from the spec), Alertmanager routed from the spec, Grafana with datasources as code, kube-state-metrics, node-exporter',
  chart: CHART_VERSIONS[ID],
  namespace: NAMESPACE,
  otherNamespaces: [
    {
      name: MONITORING_AGENTS_NAMESPACE,
      podSecurity: 'privileged',
      podSecurityReason: 'node-exporter reads the host /proc, /sys and root filesystem through hostPath and runs in the host network and PID namespaces: node metrics exist only there',
    },
  ],
  // Alertmanager mounts the receiver Secrets and Grafana reads its admin Secret at start: with
  // External Secrets on, its ExternalSecrets (the add-on's configuration) must exist first.
  dependsOn: ({ enabled }) => (enabled.has('external-secrets') ? ['external-secrets'] : []),
  isSelected: (spec) => spec.observability.metrics.enabled,
  values: kubePrometheusStackValues,
  // The certgen Job patches the caBundle into the webhook configurations after install.
  runtimeManagedFields: [
    { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', name: `${ID}-admission`, jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'], reason: 'the admission-patch Job writes the CA bundle of the certificate it generated' },
    { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', name: `${ID}-admission`, jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'], reason: 'the admission-patch Job writes the CA bundle of the certificate it generated' },
  ],
  acceptedFindings: kpsAcceptedFindings,
  // The platform's scrape targets, alert rules and dashboards: custom resources of this chart's CRDs.
  configure: (scope, ctx) => {
    addMonitors(scope, ctx);
    // The chart's aggregated roles stay off (they include Prometheus and Alertmanager objects): teams get PodMonitors only.
    addTenantDeployRoles(scope, ctx.spec.name, 'prometheus-operator');
    addAlertRules(scope, ctx);
    addDashboards(scope, ctx);
  },
};

/**
 * Connections of the metrics stack: Grafana → Prometheus/Alertmanager, Prometheus → Alertmanager,
 * the Alertmanager cluster, receivers on the internet, the operator's webhook, the stack's own
 * scrapes and the EKS-managed targets in kube-system (CoreDNS).
 */
function kubePrometheusStackNetwork({ spec }: AddonContext): NetworkNeed[] {
  const grafana = { namespace: NAMESPACE, podLabels: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': 'kube-prometheus-stack' } };
  const alertmanager = { namespace: NAMESPACE, podLabels: { ...ALERTMANAGER_POD_LABELS } };
  const operator = { namespace: NAMESPACE, podLabels: { app: 'kube-prometheus-stack-operator' } };
  const ksm = { namespace: NAMESPACE, podLabels: { 'app.kubernetes.io/name': 'kube-state-metrics' } };
  return [
    { purpose: 'Grafana queries Prometheus (datasource)', from: grafana, to: PROMETHEUS_PEER, ports: [{ port: 9090 }] },
    { purpose: 'Grafana queries Alertmanager (datasource)', from: grafana, to: alertmanager, ports: [{ port: 9093 }] },
    { purpose: 'Prometheus sends alerts to Alertmanager', from: PROMETHEUS_PEER, to: alertmanager, ports: [{ port: 9093 }] },
    { purpose: 'Alertmanager cluster gossip', from: alertmanager, to: alertmanager, ports: [{ port: 9094 }, { port: 9094, protocol: 'UDP' }] },
    { purpose: 'Alertmanager receivers (chat, paging, email over TLS)', from: alertmanager, to: { cidr: '0.0.0.0/0', except: [spec.vpcCidr, spec.serviceCidr], description: 'notification receivers on the internet' }, ports: [{ port: 443 }] },
    webhookNeed(spec, operator, 10250, 'PrometheusRule and AlertmanagerConfig validation'),
    scrapeNeed(PROMETHEUS_PEER, [9090, 8080], 'Prometheus itself and its config reloader'),
    scrapeNeed(alertmanager, [9093, 8080], 'Alertmanager and its config reloader'),
    scrapeNeed(grafana, [3000], 'Grafana'),
    scrapeNeed(ksm, [8080], 'kube-state-metrics'),
    scrapeNeed(operator, [10250], 'the operator'),
    scrapeNeed({ namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } }, [9153], 'CoreDNS'),
    // Meshed tenants' envoy stats (their namespaces admit it with allow-metrics-scrape), and the
    // tenant applications' own metrics port (each ProductionService admits it for its pods).
    ...(spec.addons.mesh ? [scrapeNeed({ tenants: true }, [SIDECAR_METRICS_PORT], 'tenant sidecars (envoy stats)')] : []),
    { ...scrapeNeed({ tenants: true }, [TENANT_METRICS_PORT], 'tenant applications (their metrics port)'), admittedByDestination: true },
  ];
}
