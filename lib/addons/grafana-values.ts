/**
 * Grafana (the kube-prometheus-stack subchart): admin credentials from a Secret, datasources as
 * code (Prometheus default, Alertmanager, Loki when logs go to Loki, Tempo when traces are on,
 * with trace ↔ log links), dashboards discovered by the sidecar in `monitoring` only.
 */
import type { AddonContext } from './addon';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_DASHBOARD_NAMESPACE } from './kube-prometheus-stack-labels';
import { lokiQueryUrl } from './loki';
import { containerResources, restrictedContainerSecurityContext, systemPlacement, platformPriority, type ContainerResources, type Toleration } from './placement';
import { tempoQueryUrl } from './tempo';

/**
 * Secret (namespace `monitoring`) holding Grafana's admin login, created by the operator of the
 * environment (or External Secrets) before the release: keys `admin-user` and `admin-password`.
 * The chart never generates one, so no password ends up in a rendered manifest or Helm state.
 */
export const GRAFANA_ADMIN_SECRET = { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' } as const;

export { GRAFANA_DASHBOARD_LABEL, GRAFANA_DASHBOARD_NAMESPACE } from './kube-prometheus-stack-labels';

/** Datasource uids other provisioned objects (dashboards, links) refer to. */
export const DATASOURCE_UIDS = { prometheus: 'prometheus', alertmanager: 'alertmanager', loki: 'loki', tempo: 'tempo' } as const;

/** A Grafana datasource as provisioning files take it. */
export interface GrafanaDatasource {
  /** Name shown in Grafana's datasource picker. */
  name: string;
  /** Stable id dashboards and links refer to (DATASOURCE_UIDS). */
  uid: string;
  /** Datasource plugin: `loki`, `tempo`, `prometheus`…. */
  type: string;
  /** In-cluster query URL of the backend. */
  url: string;
  /** Grafana's server queries the backend (the browser cannot reach cluster Services). */
  access: 'proxy';
  /** Whether it is the default datasource of new panels (absent: not). */
  isDefault?: boolean;
  /** Type-specific settings, e.g. trace ↔ log links (absent: none). */
  jsonData?: Record<string, unknown>;
}

/** Values of one Grafana sidecar (dashboards or datasources). */
export interface GrafanaSidecarTarget {
  /** Whether the chart runs this sidecar container. */
  enabled: boolean;
  /** Label a ConfigMap must carry to be loaded. */
  label: string;
  /** Value of that label (`1`). */
  labelValue: string;
  /** Only ConfigMaps: the sidecar never reads Secrets. */
  resource: 'configmap';
  /** Namespace the sidecar watches: `monitoring` only (absent: Grafana's own namespace). */
  searchNamespace?: string;
}

/** Values of the grafana subchart we set. */
export interface GrafanaValues {
  /** Whether kube-prometheus-stack deploys its grafana subchart. */
  enabled: boolean;
  /** One replica: see the accepted finding in kube-prometheus-stack.ts. */
  replicas: number;
  /** Admin login read from GRAFANA_ADMIN_SECRET instead of a chart-generated password. */
  admin: { existingSecret: string; userKey: string; passwordKey: string };
  /** Nothing to keep: dashboards and datasources are code; sqlite holds only sessions and preferences. */
  persistence: { enabled: boolean };
  /** A Role in `monitoring` instead of a ClusterRole over every Secret. */
  rbac: { namespaced: boolean; pspEnabled: boolean };
  /** Whether the chart ships its Kubernetes and Prometheus dashboards as ConfigMaps. */
  defaultDashboardsEnabled: boolean;
  /** Timezone of those dashboards (`utc`). */
  defaultDashboardsTimezone: string;
  /** Whether those dashboards may be edited in the UI (no: edits are lost on restart). */
  defaultDashboardsEditable: boolean;
  /** Sidecars loading dashboards and datasources from labelled ConfigMaps, with their resources and security context. */
  sidecar: {
    dashboards: GrafanaSidecarTarget & { provider: { allowUiUpdates: boolean } };
    datasources: GrafanaSidecarTarget & { defaultDatasourceEnabled: boolean; isDefaultDatasource: boolean; uid: string; alertmanager: { enabled: boolean; uid: string } };
    resources: ContainerResources;
    securityContext: Record<string, unknown>;
  };
  /** Datasources besides Prometheus and Alertmanager: Loki and Tempo when present. */
  additionalDataSources: GrafanaDatasource[];
  /** grafana.ini sections: no update checks or telemetry, no sign-up, no anonymous access. */
  'grafana.ini': Record<string, Record<string, unknown>>;
  /** Whether the chart renders its `helm test` pod (off). */
  testFramework: { enabled: boolean };
  /** Node labels the Grafana pod must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Scheduling priority of the pods: platformPriority(). */
  priorityClassName: string;
  /** Pod security context: non-root uid/gid 472 (the image's grafana user), RuntimeDefault seccomp. */
  securityContext: Record<string, unknown>;
  /** Container security context: no privilege escalation, all capabilities dropped (root filesystem writable for sqlite). */
  containerSecurityContext: Record<string, unknown>;
  /** Requests and memory limit of the Grafana container. */
  resources: ContainerResources;
}

/** Whether Grafana gets the Loki datasource: logs on, sunk into the Loki add-on. */
export function grafanaHasLoki({ spec, enabled }: AddonContext): boolean {
  return spec.observability.logs.enabled && spec.observability.logs.sink === 'loki' && enabled.has('loki');
}

/** Whether Grafana gets the Tempo datasource. */
export function grafanaHasTempo({ spec, enabled }: AddonContext): boolean {
  return spec.observability.traces.enabled && enabled.has('tempo');
}

/** Loki and Tempo datasources, linked both ways when both exist. */
export function grafanaDatasources(ctx: AddonContext): GrafanaDatasource[] {
  const loki = grafanaHasLoki(ctx);
  const tempo = grafanaHasTempo(ctx);
  const sources: GrafanaDatasource[] = [];
  if (loki) {
    sources.push({
      name: 'Loki',
      uid: DATASOURCE_UIDS.loki,
      type: 'loki',
      url: lokiQueryUrl(),
      access: 'proxy',
      ...(tempo
        ? {
            jsonData: {
              // A trace id in a log line (OTel `trace_id`, `traceID=`…) becomes a link to the trace.
              derivedFields: [{ name: 'TraceID', matcherRegex: '(?:trace_?id|traceID)["=: ]+"?(\\w+)', url: '$${__value.raw}', datasourceUid: DATASOURCE_UIDS.tempo }],
            },
          }
        : {}),
    });
  }
  if (tempo) {
    sources.push({
      name: 'Tempo',
      uid: DATASOURCE_UIDS.tempo,
      type: 'tempo',
      url: tempoQueryUrl(),
      access: 'proxy',
      jsonData: {
        // No serviceMap: it needs Tempo's metrics generator remote-writing into Prometheus, which
        // neither runs here; an always-empty view would only mislead.
        nodeGraph: { enabled: true },
        ...(loki
          ? {
              // From a span to its namespace's logs around the span's time, filtered by trace id. Not by
              // pod: pod names are not Loki labels (lib/addons/fluent-bit-config.ts keeps streams few).
              tracesToLogsV2: {
                datasourceUid: DATASOURCE_UIDS.loki,
                filterByTraceID: true,
                spanStartTimeShift: '-5m',
                spanEndTimeShift: '5m',
                tags: [{ key: 'k8s.namespace.name', value: 'namespace' }],
              },
            }
          : {}),
      },
    });
  }
  return sources;
}

/** The grafana subchart's values. */
export function grafanaValues(ctx: AddonContext): GrafanaValues {
  const sidecarTarget = (label: string): GrafanaSidecarTarget => ({ enabled: true, label, labelValue: '1', resource: 'configmap', searchNamespace: GRAFANA_DASHBOARD_NAMESPACE });
  return {
    enabled: true,
    replicas: 1,
    admin: { existingSecret: GRAFANA_ADMIN_SECRET.name, userKey: GRAFANA_ADMIN_SECRET.userKey, passwordKey: GRAFANA_ADMIN_SECRET.passwordKey },
    persistence: { enabled: false },
    rbac: { namespaced: true, pspEnabled: false },
    // The chart's dashboards for hidden control-plane parts are gated on kubeScheduler/
    // kubeControllerManager/kubeEtcd/kubeProxy, all off: what remains targets what we scrape.
    defaultDashboardsEnabled: true,
    defaultDashboardsTimezone: 'utc',
    // Dashboards are code: edits in the UI would be lost on the next pod start.
    defaultDashboardsEditable: false,
    sidecar: {
      dashboards: { ...sidecarTarget(Object.keys(GRAFANA_DASHBOARD_LABEL)[0]), provider: { allowUiUpdates: false } },
      datasources: {
        ...sidecarTarget('grafana_datasource'),
        defaultDatasourceEnabled: true,
        isDefaultDatasource: true,
        uid: DATASOURCE_UIDS.prometheus,
        alertmanager: { enabled: true, uid: DATASOURCE_UIDS.alertmanager },
      },
      resources: containerResources({ cpu: '10m', memory: '64Mi' }, '256Mi'),
      securityContext: restrictedContainerSecurityContext(),
    },
    additionalDataSources: grafanaDatasources(ctx),
    'grafana.ini': {
      analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false },
      users: { allow_sign_up: false },
      'auth.anonymous': { enabled: false },
    },
    testFramework: { enabled: false },
    ...systemPlacement(),
    ...platformPriority(),
    securityContext: { runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472, seccompProfile: { type: 'RuntimeDefault' } },
    // Not read-only: Grafana writes its sqlite database and plugins under /var/lib/grafana (emptyDir)
    // and temporary files elsewhere; the restricted profile does not require a read-only root.
    containerSecurityContext: { allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    resources: containerResources({ cpu: '50m', memory: '256Mi' }, '1Gi'),
  };
}
