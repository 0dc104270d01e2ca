/**
 * Recording applied exceptions so a reviewer sees every deviation: one synth summary line each, a
 * ConfigMap in the foundation chart (it reaches cloud.json through the foundation ConfigGroup),
 * an annotation on the objects an exception concerns (the add-on's namespace and Argo CD
 * Application, the tenant's namespace) and the add-on's Helm Release description. Nothing is
 * emitted without exceptions, so environments without any stay byte-identical.
 */
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { AddonSelection } from '../addons/selection';
import { groundworkLabels } from '../k8s/object-labels';
import type { AddonId } from '../spec/types';
import type { AppliedException } from './exceptions';

/** Annotation listing the exceptions that concern an object (JSON array of their records). */
export const GUARD_RAIL_EXCEPTIONS_ANNOTATION = 'groundwork.dev/guard-rail-exceptions';
/** Annotation on an add-on's Argo CD Application listing the value paths the user overrode. */
export const OVERRIDES_ANNOTATION = 'groundwork.dev/overrides';
/** Where the environment's applied exceptions are recorded in the cluster. */
export const EXCEPTIONS_CONFIG_MAP = { namespace: 'kube-system', name: 'groundwork-guard-rail-exceptions' } as const;

/** `(every violation)` for an exception without a target. */
const targetOf = (e: AppliedException): string => e.target ?? '(every violation)';
const approval = (e: AppliedException): string => `approved by ${e.approvedBy}, ${e.expires ? `expires ${e.expires}` : 'no expiry'}`;

/** The synth summary line of one exception. */
export function formatAppliedException(e: AppliedException): string {
  return `  exception: ${e.guardRail} ${targetOf(e)}: ${e.reason} (${approval(e)})`;
}

/** The exceptions in one line, for a Helm Release description. */
export function describeExceptions(exceptions: readonly AppliedException[]): string {
  return exceptions.map((e) => `${e.guardRail} ${targetOf(e)} (${approval(e)})`).join('; ');
}

/** One exception as recorded data: fixed key order, so the JSON is canonical. */
export function exceptionRecord(e: AppliedException): Record<string, unknown> {
  return {
    guardRail: e.guardRail,
    ...(e.target !== undefined ? { target: e.target } : {}),
    reason: e.reason,
    approvedBy: e.approvedBy,
    ...(e.expires !== undefined ? { expires: e.expires } : {}),
    covers: e.violations.map((v) => v.path),
  };
}

/** The annotation value for `exceptions`. */
export function exceptionsAnnotation(exceptions: readonly AppliedException[]): string {
  return JSON.stringify(exceptions.map(exceptionRecord));
}

/** The exceptions covering a violation of add-on `id`. */
export function exceptionsOfAddon(exceptions: readonly AppliedException[], id: AddonId): AppliedException[] {
  return exceptions.filter((e) => e.violations.some((v) => v.concerns?.addon === id));
}

/** Annotations per namespace name: the namespaces of concerned add-ons and tenants. */
export function namespaceExceptionAnnotations(exceptions: readonly AppliedException[], selection: AddonSelection): Map<string, Record<string, string>> {
  const byNamespace = new Map<string, Set<AppliedException>>();
  const add = (namespace: string, e: AppliedException): void => void byNamespace.set(namespace, (byNamespace.get(namespace) ?? new Set()).add(e));
  for (const e of exceptions) {
    for (const v of e.violations) {
      const addon = v.concerns?.addon && selection.ordered.find((a) => a.id === v.concerns?.addon);
      if (addon) add(addon.namespace, e);
      if (v.concerns?.tenant) add(v.concerns.tenant, e);
    }
  }
  // Sets keep `exceptions`' (sorted) order only per insertion: re-filter to stay in that order.
  return new Map([...byNamespace].map(([ns, set]) => [ns, { [GUARD_RAIL_EXCEPTIONS_ANNOTATION]: exceptionsAnnotation(exceptions.filter((e) => set.has(e))) }]));
}

/** Key of an exception in the ConfigMap: `<guard rail>.<target>` in ConfigMap key characters. */
function dataKey(e: AppliedException): string {
  return `${e.guardRail}${e.target === undefined ? '' : `.${e.target.replace(/[^-._a-zA-Z0-9]/g, '_')}`}`;
}

/** The ConfigMap recording every applied exception (none without exceptions). */
export function addExceptionsConfigMap(scope: Construct, environment: string, exceptions: readonly AppliedException[]): void {
  if (exceptions.length === 0) return;
  const data: Record<string, string> = {};
  for (const e of exceptions) {
    let key = dataKey(e);
    for (let n = 2; key in data; n++) key = `${dataKey(e)}.${n}`;
    data[key] = JSON.stringify(exceptionRecord(e));
  }
  new kplus.ConfigMap(scope, 'guard-rail-exceptions', {
    metadata: { name: EXCEPTIONS_CONFIG_MAP.name, namespace: EXCEPTIONS_CONFIG_MAP.namespace, labels: groundworkLabels(environment) },
    data,
  });
}
