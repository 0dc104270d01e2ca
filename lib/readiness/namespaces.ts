/**
 * What the cluster knows about each namespace: its labels (as selectors see them) and the Pod
 * Security level admission enforces in it.
 */
import { ofKind } from './kube-objects';
import type { RenderedObject } from './types';

/** Pod Security Standards level. */
export type PssLevel = 'privileged' | 'baseline' | 'restricted';

/** Label carrying the enforced Pod Security level. */
export const PSA_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
/** Label the API server puts on every namespace (immutable, equal to the name). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A namespace as the checks see it. */
export interface NamespaceInfo {
  /** Namespace name. */
  name: string;
  /** Labels, including `kubernetes.io/metadata.name`. */
  labels: Record<string, string>;
  /** Enforced Pod Security level. */
  level: PssLevel;
  /** Where the level comes from: our Namespace object, an explicit override, or the EKS default. */
  levelSource: 'label' | 'override' | 'eks-default';
}

/** Lookup of namespaces by name. */
export interface Namespaces {
  /** The namespace `name`; one not in the objects is an EKS-managed namespace with no PSA label. */
  get(name: string): NamespaceInfo;
  /** Names of the Namespace objects present, sorted. */
  declared(): string[];
}

function level(value: string | undefined): PssLevel | undefined {
  return value === 'privileged' || value === 'baseline' || value === 'restricted' ? value : undefined;
}

/**
 * Namespaces from the Namespace objects. A namespace without an enforce label, or one the objects
 * do not declare (kube-system, default…), is `privileged`: EKS configures no cluster-wide Pod
 * Security default, so PSA admits everything there. `overrides` replaces the level of a namespace
 * when the cluster is known to differ (e.g. a label applied outside this repository).
 */
export function readNamespaces(objects: readonly RenderedObject[], overrides: Record<string, PssLevel> = {}): Namespaces {
  const declared = new Map<string, NamespaceInfo>();
  for (const ns of ofKind(objects, 'Namespace')) {
    const name = ns.metadata.name ?? '';
    const labels: Record<string, string> = { ...(ns.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
    const labelled = level(labels[PSA_ENFORCE_LABEL]);
    declared.set(name, { name, labels, level: labelled ?? 'privileged', levelSource: labelled ? 'label' : 'eks-default' });
  }
  return {
    get(name: string): NamespaceInfo {
      const known = declared.get(name) ?? { name, labels: { [NAMESPACE_NAME_LABEL]: name }, level: 'privileged', levelSource: 'eks-default' as const };
      const override = overrides[name];
      return override ? { ...known, level: override, levelSource: 'override' } : known;
    },
    declared: () => [...declared.keys()].sort(),
  };
}
