/**
 * The CustomResourceDefinitions an object set installs, looked up by a custom resource's
 * apiVersion and kind. The version is chosen by the object's apiVersion and must be served:
 * an object of an unserved or undefined version is rejected by the API server.
 */
import type { CrdObject } from './crd-validator';

/** The CRD version a custom resource is validated against, or why there is none. */
export type CrdMatch =
  | { crd: CrdObject; version: CrdObject['spec']['versions'][number] }
  | { error: string };

/** CRDs by `<group>/<kind>`, plus the problems of the CRD set itself. */
export interface CrdIndex {
  /** The matching CRD version, an error, or undefined when no installed CRD defines the kind. */
  lookup(apiVersion: string, kind: string): CrdMatch | undefined;
  /** Conflicts between CRDs, as `<CRD name>: <problem>`. */
  problems: string[];
  /** Every distinct CRD of the set. */
  crds: CrdObject[];
}

/** Whether `obj` is an apiextensions.k8s.io/v1 CustomResourceDefinition. */
export function isCrd(obj: object): obj is CrdObject {
  const o = obj as Record<string, unknown>;
  return o.apiVersion === 'apiextensions.k8s.io/v1' && o.kind === 'CustomResourceDefinition';
}

function hasShape(crd: CrdObject): boolean {
  return typeof crd.spec?.group === 'string' && typeof crd.spec?.names?.kind === 'string' && Array.isArray(crd.spec?.versions);
}

/** Each CRD's spec as JSON text, by identity: the model worker keeps the CRDs it was sent and indexes them again and again. */
const specTexts = new WeakMap<CrdObject, string>();

function specText(crd: CrdObject): string {
  let text = specTexts.get(crd);
  if (text === undefined) {
    text = JSON.stringify(crd.spec);
    specTexts.set(crd, text);
  }
  return text;
}

/** Index `crds`; a CRD defined twice with different specs is a conflict (the last apply wins). */
export function indexCrds(crds: readonly object[]): CrdIndex {
  const byGroupKind = new Map<string, CrdObject>();
  const specs = new Map<string, string>();
  const problems: string[] = [];
  for (const crd of crds.filter(isCrd).filter(hasShape)) {
    const name = crd.metadata?.name ?? `${crd.spec.names.kind}.${crd.spec.group}`;
    const spec = specText(crd);
    const earlier = specs.get(name);
    if (earlier !== undefined) {
      if (earlier !== spec) problems.push(`${name}: installed twice with different specs; the one applied last wins`);
      continue;
    }
    specs.set(name, spec);
    byGroupKind.set(`${crd.spec.group}/${crd.spec.names.kind}`, crd);
  }
  return {
    problems,
    crds: [...byGroupKind.values()],
    lookup(apiVersion, kind) {
      const slash = apiVersion.lastIndexOf('/');
      if (slash < 0) return undefined; // the core group has no CRDs
      const group = apiVersion.slice(0, slash);
      const versionName = apiVersion.slice(slash + 1);
      const crd = byGroupKind.get(`${group}/${kind}`);
      if (!crd) return undefined;
      const version = crd.spec.versions.find((v) => v.name === versionName);
      const offered = crd.spec.versions.filter((v) => v.served).map((v) => v.name).join(', ');
      if (!version) return { error: `CRD ${crd.metadata.name} has no version ${versionName} (served: ${offered})` };
      if (!version.served) return { error: `CRD ${crd.metadata.name} does not serve version ${versionName} (served: ${offered})` };
      return { crd, version };
    },
  };
}
