/**
 * Values keys a chart reads although its values.yaml (and values.schema.json) never declares
 * them: the values-key check accepts a path here only with the template that reads it, and
 * verifies at check time that this template of the pinned chart still mentions the key — an
 * entry can never outlive the chart behaviour that justified it. Everything else we set that
 * the chart does not declare is a typo or a key the chart dropped, and fails the tests.
 *
 * An entry covers its path and everything under it (a free-form block the template passes
 * through with `toYaml`).
 */

/** One key path a chart reads without declaring it. */
export interface UndeclaredValue {
  /** Dotted key path from the chart's values root. */
  path: string;
  /** Chart file that reads it (`templates/…`), which must mention the path's last key. */
  template: string;
  /** Why the key is read and why we set it. */
  reason: string;
}

/** Allow-list by chart name (the chart, not the add-on id: several add-ons may share one). */
export const UNDECLARED_VALUES: Readonly<Record<string, readonly UndeclaredValue[]>> = {
  'external-secrets': [
    {
      path: 'podDisruptionBudget.maxUnavailable',
      template: 'templates/poddisruptionbudget.yaml',
      // `{{- if hasKey .Values.podDisruptionBudget "maxUnavailable" }}`: values.yaml names only minAvailable.
      reason: 'a budget of maxUnavailable 1 always lets a drain evict one replica, whatever the replica count (disruptionBudget(spec))',
    },
    {
      path: 'webhook.podDisruptionBudget.maxUnavailable',
      template: 'templates/webhook-poddisruptionbudget.yaml',
      reason: 'a budget of maxUnavailable 1 always lets a drain evict one replica, whatever the replica count (disruptionBudget(spec))',
    },
    {
      path: 'certController.podDisruptionBudget.maxUnavailable',
      template: 'templates/cert-controller-poddisruptionbudget.yaml',
      reason: 'a budget of maxUnavailable 1 always lets a drain evict one replica, whatever the replica count (disruptionBudget(spec))',
    },
  ],
  'kube-prometheus-stack': [
    {
      path: 'prometheus.podDisruptionBudget',
      template: 'templates/prometheus/podDisruptionBudget.yaml',
      // `spec: toYaml (omit .Values.prometheus.podDisruptionBudget "enabled")`: values.yaml names only minAvailable.
      reason: 'the PDB spec is passed through whole: we set maxUnavailable (and null out the default minAvailable) so a drain can always evict one replica',
    },
    {
      path: 'alertmanager.podDisruptionBudget',
      template: 'templates/alertmanager/podDisruptionBudget.yaml',
      reason: 'the PDB spec is passed through whole: we set maxUnavailable (and null out the default minAvailable) so a drain can always evict one replica',
    },
    {
      path: 'prometheusOperator.priorityClassName',
      template: 'templates/prometheus-operator/deployment.yaml',
      // `{{- if .Values.prometheusOperator.priorityClassName }}`: values.yaml has the key commented out only.
      reason: 'platform pods run at platform-critical (platformPriority()): tenant pods never preempt the operator',
    },
    {
      path: 'kube-state-metrics.priorityClassName',
      template: 'charts/kube-state-metrics/templates/deployment.yaml',
      // `{{- if .Values.priorityClassName }}`: the subchart's values.yaml has the key commented out only.
      reason: 'platform pods run at platform-critical (platformPriority()): tenant pods never preempt kube-state-metrics',
    },
    {
      path: 'prometheus-node-exporter.priorityClassName',
      template: 'charts/prometheus-node-exporter/templates/daemonset.yaml',
      // `{{- with .Values.priorityClassName }}`: the subchart's values.yaml has the key commented out only.
      reason: 'node agents run at platform-critical (platformPriority()): a full node never evicts its exporter for a tenant pod',
    },
    {
      path: 'grafana.priorityClassName',
      template: 'charts/grafana/templates/_pod.tpl',
      // `{{- with .Values.priorityClassName }}`: values.yaml declares it only under imageRenderer.
      reason: 'platform pods run at platform-critical (platformPriority()): tenant pods never preempt Grafana',
    },
    {
      path: 'grafana.grafana.ini',
      template: 'charts/grafana/templates/_config.tpl',
      // `range $elem, $elemVal := index .Values "grafana.ini"`: every section and key becomes grafana.ini.
      reason: 'grafana.ini is free-form: every section/key is written to the config file (analytics reporting off, sign-up and anonymous access off)',
    },
  ],
  istiod: [
    {
      path: 'meshConfig',
      template: 'templates/configmap.yaml',
      // configmap.yaml: `$mesh := mergeOverwrite $originalMesh .Values.meshConfig` — "meshConfig.foo
      // becomes the API" (the chart's own comment); values.yaml names only enablePrometheusMerge.
      reason: 'MeshConfig (istio.mesh.v1alpha1) is merged whole into the mesh ConfigMap: access logs, retries, outbound policy, proxy defaults',
    },
  ],
  'opentelemetry-collector': [
    {
      path: 'podDisruptionBudget.maxUnavailable',
      template: 'templates/pdb.yaml',
      // pdb.yaml: `{{- if .Values.podDisruptionBudget.maxUnavailable }} maxUnavailable: …`; values.yaml only shows it commented out.
      reason: 'a budget that always allows one eviction (lib/addons/placement.ts disruptionBudget)',
    },
  ],
  tempo: [
    {
      path: 'persistence.storageClassName',
      template: 'templates/statefulset.yaml',
      // statefulset.yaml volumeClaimTemplates: `storageClassName: {{ .Values.persistence.storageClassName }}`; values.yaml has it commented out.
      reason: "the WAL volume on the platform's gp3 StorageClass",
    },
  ],
};
