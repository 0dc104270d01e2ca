/**
 * Every pod that the objects would create, as a pod template with its namespace: Pods themselves
 * and the templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers,
 * Jobs and CronJobs. Pod Security admission, the mesh injector and the scheduler all act on these.
 */
import { asObject, objectRef, type RenderedObject } from './types';

/** Security fields shared by the pod and container security contexts. */
export interface CommonSecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  seccompProfile?: { type?: string; localhostProfile?: string };
  appArmorProfile?: { type?: string; localhostProfile?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string; level?: string };
  windowsOptions?: { hostProcess?: boolean };
}

/** A container's security context (the fields Pod Security and the mesh read). */
export interface SecurityContext extends CommonSecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  procMount?: string;
  capabilities?: { add?: string[]; drop?: string[] };
  [field: string]: unknown;
}

/** The pod-level security context. */
export interface PodSecurityContext extends CommonSecurityContext {
  sysctls?: Array<{ name: string; value?: string }>;
  fsGroup?: number;
  supplementalGroups?: number[];
  [field: string]: unknown;
}

/** An HTTP or TCP probe / lifecycle handler (only `host` matters to Pod Security). */
export interface Handler {
  httpGet?: { host?: string; port?: number | string; path?: string };
  tcpSocket?: { host?: string; port?: number | string };
  exec?: { command?: string[] };
  [field: string]: unknown;
}

/** A container, init container or ephemeral container. */
export interface Container {
  name: string;
  image?: string;
  ports?: Array<{ name?: string; containerPort: number; hostPort?: number; protocol?: string }>;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  securityContext?: SecurityContext;
  livenessProbe?: Handler;
  readinessProbe?: Handler;
  startupProbe?: Handler;
  lifecycle?: { postStart?: Handler; preStop?: Handler };
  /** `Always` on an init container makes it a native sidecar. */
  restartPolicy?: string;
  [field: string]: unknown;
}

/** A pod volume; the source is whichever one field besides `name` is set. */
export type Volume = { name: string } & Record<string, unknown>;

/** The pod spec fields the checks read. */
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  securityContext?: PodSecurityContext;
  volumes?: Volume[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostUsers?: boolean;
  serviceAccountName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Record<string, unknown>;
  tolerations?: Array<Record<string, unknown>>;
  topologySpreadConstraints?: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

/** One pod template and where it runs. */
export interface PodTemplate {
  /** The object that owns the template, `Kind/namespace/name`. */
  owner: string;
  /** Kind of the owner (`Deployment`, `Pod`…). */
  ownerKind: string;
  /** Name of the owner. */
  ownerName: string;
  /** Namespace the pods are created in. */
  namespace: string;
  /** Pod labels. */
  labels: Record<string, string>;
  /** Pod annotations. */
  annotations: Record<string, string>;
  /** The pod spec (treat as read-only: it may be the object's own). */
  spec: PodSpec;
  /** Names of containers (and init containers) added by the mesh injector. @default [] */
  injected?: string[];
}

/** Kinds whose `spec.template` is a pod template. */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

function template(owner: RenderedObject, meta: unknown, spec: unknown, defaultNamespace: string): PodTemplate | undefined {
  const podSpec = asObject(spec) as PodSpec;
  if (!Array.isArray(podSpec.containers)) return undefined;
  const m = asObject(meta) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const namespace = owner.metadata.namespace ?? defaultNamespace;
  return {
    owner: objectRef(owner.kind, namespace, owner.metadata.name),
    ownerKind: owner.kind,
    ownerName: owner.metadata.name ?? '',
    namespace,
    labels: { ...(m.labels ?? {}) },
    annotations: { ...(m.annotations ?? {}) },
    spec: podSpec,
  };
}

/** The pod template of one object, if it has one. */
export function podTemplateOf(object: RenderedObject, defaultNamespace = 'default'): PodTemplate | undefined {
  const spec = asObject(object.spec);
  if (object.kind === 'Pod') return template(object, object.metadata, object.spec, defaultNamespace);
  if (TEMPLATE_KINDS.has(object.kind)) {
    const t = asObject(spec.template);
    return template(object, t.metadata, t.spec, defaultNamespace);
  }
  if (object.kind === 'CronJob') {
    const t = asObject(asObject(asObject(spec.jobTemplate).spec).template);
    return template(object, t.metadata, t.spec, defaultNamespace);
  }
  return undefined;
}

/**
 * Every pod template in `objects`. Objects without `metadata.namespace` are placed in
 * `defaultNamespace` (pass the release namespace for a release's objects).
 */
export function extractPodTemplates(objects: readonly RenderedObject[], defaultNamespace = 'default'): PodTemplate[] {
  return objects.map((o) => podTemplateOf(o, defaultNamespace)).filter((t): t is PodTemplate => t !== undefined);
}

/** Every container of the pod: init containers, containers, then ephemeral containers. */
export function allContainers(spec: PodSpec): Array<{ container: Container; kind: 'initContainers' | 'containers' | 'ephemeralContainers' }> {
  return [
    ...(spec.initContainers ?? []).map((container) => ({ container, kind: 'initContainers' as const })),
    ...(spec.containers ?? []).map((container) => ({ container, kind: 'containers' as const })),
    ...(spec.ephemeralContainers ?? []).map((container) => ({ container, kind: 'ephemeralContainers' as const })),
  ];
}
