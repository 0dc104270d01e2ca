/**
 * The shape of one Pod Security Standards control, as Kubernetes' pod-security-admission library
 * implements it (staging/src/k8s.io/pod-security-admission/policy/check_*.go): an id, the level it
 * belongs to, and a function from a pod to its violations.
 */
import { allContainers, type Container, type PodSpec } from './pod-templates';

/** One reason a pod is refused. */
export interface PodSecurityViolation {
  /** Container at fault; absent for pod-level fields. @default none */
  container?: string;
  /** The offending field and value, e.g. `securityContext.seccompProfile is not set (pod sets none either)`. */
  detail: string;
}

/** The pod as admission sees it (after mutating webhooks such as the mesh injector). */
export interface PodUnderReview {
  /** Pod annotations (AppArmor annotations are read from here). */
  annotations: Record<string, string>;
  /** Pod spec. */
  spec: PodSpec;
}

/** One control of the Pod Security Standards. */
export interface PodSecurityRule {
  /** Upstream check id (pod-security-admission), e.g. `seccompProfile_restricted`. */
  id: string;
  /** Lowest level that enforces the control. */
  level: 'baseline' | 'restricted';
  /** Restricted rule that replaces this baseline rule in restricted namespaces (upstream `Overlap`). @default none */
  supersededBy?: string;
  /** How to comply, in one sentence. */
  fix: string;
  /** Violations of `pod`; empty when it complies. */
  check(pod: PodUnderReview): PodSecurityViolation[];
}

/** Visit every container (init, regular, ephemeral), as upstream's `visitContainers` does. */
export function eachContainer(spec: PodSpec): Container[] {
  return allContainers(spec).map((c) => c.container);
}

/** Violations for each container for which `bad` returns a detail. */
export function perContainer(spec: PodSpec, bad: (c: Container) => string | undefined): PodSecurityViolation[] {
  const out: PodSecurityViolation[] = [];
  for (const c of eachContainer(spec)) {
    const detail = bad(c);
    if (detail !== undefined) out.push({ container: c.name, detail });
  }
  return out;
}
