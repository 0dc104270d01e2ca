/**
 * The vocabulary of the readiness checks: the plain Kubernetes objects they read (rendered Helm
 * output and cdk8s manifests alike) and the findings they return. A finding is evidence — the
 * object, the container, what is wrong and how to fix it — never a bare boolean.
 */

/** A Kubernetes object as plain JSON (what `helm template` and cdk8s synth produce). */
export type RenderedObject = Record<string, unknown> & {
  /** API group and version, e.g. `apps/v1`. */
  apiVersion: string;
  /** Object kind, e.g. `Deployment`; checks pick the objects they read by it. */
  kind: string;
  /** Name, namespace, labels and annotations, as the findings cite them. */
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

/** The production-readiness area a check belongs to (the report groups by it). */
export type ReadinessArea = 'pod-security' | 'availability' | 'resources' | 'images' | 'network';

/** Every area, in report order. */
export const READINESS_AREAS: readonly ReadinessArea[] = ['pod-security', 'availability', 'resources', 'images', 'network'];

/** One problem found in what would run. */
export interface Finding {
  /** Check id, e.g. `pod-security.seccompProfile_restricted` or `availability.disruption-budget`. */
  check: string;
  /** The object at fault as `Kind/namespace/name` (cluster-scoped: `Kind/name`). */
  object: string;
  /** The container at fault, when the problem is one container's. @default none (the whole object) */
  container?: string;
  /** What is wrong, with the values that prove it. */
  problem: string;
  /** What to change. */
  fix: string;
}

/** A reasoned decision to accept one finding (e.g. a singleton controller that elects a leader). */
export interface ReadinessException {
  /** Check id the exception covers (exactly as in the finding), or a family of checks as `<prefix>.*` (`pod-security.*`). */
  check: string;
  /** Object the exception covers (`Kind/namespace/name`, exactly as in the finding). */
  object: string;
  /** Container the exception covers. @default every container of the object */
  container?: string;
  /** Why the finding is acceptable; shown in the report next to the finding. */
  reason: string;
}

/** A finding together with the exception that accepts it, if any. */
export interface ReportedFinding extends Finding {
  /** Reason from the matching exception; set means accepted, not a failure. @default none (a failure) */
  excepted?: string;
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
export function objectRef(kind: string, namespace: string | undefined, name: string | undefined): string {
  return namespace ? `${kind}/${namespace}/${name ?? ''}` : `${kind}/${name ?? ''}`;
}

/** Reference of a whole object. */
export function refOf(object: RenderedObject): string {
  return objectRef(object.kind, object.metadata.namespace, object.metadata.name);
}

/** Sort findings by check, object, container, problem: output never depends on evaluation order. */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  const key = (f: Finding) => [f.check, f.object, f.container ?? '', f.problem];
  return [...findings].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  });
}

/** A plain JSON object, for reading untyped fields safely. */
export type Json = Record<string, unknown>;

/** `value` as an object, or an empty one. */
export function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/** `value` as an array of objects, or an empty one. */
export function asObjects(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(asObject) : [];
}

/** `value` as a string map (labels, annotations, selectors), or an empty one. */
export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(value))) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}
