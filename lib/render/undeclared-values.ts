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
  istiod: [
    {
      path: 'meshConfig',
      template: 'templates/configmap.yaml',
      // configmap.yaml: `$mesh := mergeOverwrite $originalMesh .Values.meshConfig` — "meshConfig.foo
      // becomes the API" (the chart's own comment); values.yaml names only enablePrometheusMerge.
      reason: 'MeshConfig (istio.mesh.v1alpha1) is merged whole into the mesh ConfigMap: access logs, retries, outbound policy, proxy defaults',
    },
  ],
};
