/**
 * CEL fragments shared by the policies. Every policy that judges pods matches Pods and every
 * controller with a pod template, so a bad workload is refused when it is applied (the author
 * sees the message) and a bare Pod is refused too (nothing escapes through a kind not listed).
 * Pods are judged on CREATE only: their spec is immutable, and refusing a metadata update of a
 * pod created before the policy would only block controllers.
 */
import type { PolicyMatchCondition, PolicyVariable, ResourceRule } from './policy';

/** Pods and the controllers that carry a pod template. */
export const POD_AND_WORKLOAD_RULES: ResourceRule[] = [
  { apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE'] },
  { apiGroups: [''], apiVersions: ['v1'], resources: ['replicationcontrollers'], operations: ['CREATE', 'UPDATE'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], operations: ['CREATE', 'UPDATE'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['cronjobs', 'jobs'], operations: ['CREATE', 'UPDATE'] },
];

/** Deployments only. */
export const DEPLOYMENT_RULES: ResourceRule[] = [{ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], operations: ['CREATE', 'UPDATE'] }];

/** An object being deleted is not judged again: removing its finalizers must never be refused. */
export const NOT_BEING_DELETED: PolicyMatchCondition = { name: 'not-being-deleted', expression: '!has(object.metadata.deletionTimestamp)' };

/** `variables.podSpec`, `variables.podLabels` and `variables.containers` (init containers first). */
export const POD_VARIABLES: PolicyVariable[] = [
  {
    name: 'template',
    expression: "object.kind == 'Pod' ? object : (object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template)",
  },
  { name: 'podSpec', expression: 'variables.template.spec' },
  { name: 'podLabels', expression: 'variables.template.metadata.?labels.orValue({})' },
  { name: 'containers', expression: 'variables.podSpec.?initContainers.orValue([]) + variables.podSpec.containers' },
];

/** A CEL string literal. */
export function celString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A CEL list of string literals. */
export function celList(values: readonly string[]): string {
  return `[${values.map(celString).join(', ')}]`;
}

/**
 * `image` with Docker Hub's implied registry made explicit (`nginx` → `docker.io/library/nginx`,
 * `otel/collector` → `docker.io/otel/collector`): a reference names a registry only when its
 * first component has a dot or a port, or is `localhost`.
 */
export function normalizedImage(image: string): string {
  return `(${image}.matches('^(localhost|[^/]*[.:][^/]*)/') ? ${image} : (${image}.contains('/') ? 'docker.io/' + ${image} : 'docker.io/library/' + ${image}))`;
}

/** The image of container `c`, empty when it has none. */
export const IMAGE_OF = (c: string): string => `${c}.?image.orValue('')`;

/** Istio replaces `image: auto` in a workload's template when the pod is created (gateway injection). */
export const MESH_AUTO_IMAGE = (c: string): string =>
  `(object.kind != 'Pod' && ${IMAGE_OF(c)} == 'auto' && variables.podLabels.exists(k, k == 'sidecar.istio.io/inject' && variables.podLabels[k] == 'true'))`;
