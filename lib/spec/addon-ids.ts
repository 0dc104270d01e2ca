/**
 * Ids of the stock add-on catalogue, known to the spec layer so `addons.disabled` and
 * `addons.overrides` can be validated (the catalogue itself lives in lib/addons, above the spec).
 * A new stock add-on adds its id here; `lib/addons/overrides.ts` fails to compile until it also
 * has a values type, and the catalogue test until it is in the catalogue. A team's own add-ons
 * bring their ids with them (`Platform.fromSpec(spec, { addons })`): validation is given the ids of
 * the catalogue in use, so the catalogue stays open without forks.
 */
import { editDistance } from './regions';

/** The stock catalogue's add-on ids, sorted: the ids the spec accepts without a team catalogue. */
export const ADDON_IDS = [
  'argo-cd',
  'aws-load-balancer-controller',
  'cert-manager',
  'cilium',
  'cluster-autoscaler',
  'external-dns',
  'external-secrets',
  'falco',
  'fluent-bit',
  'gateway-api-crds',
  'ingress-nginx',
  'istio-base',
  'istio-cni',
  'istio-ingressgateway',
  'istiod',
  'karpenter',
  'karpenter-crd',
  'kube-prometheus-stack',
  'loki',
  'metrics-server',
  'opentelemetry-collector',
  'tempo',
  'trivy-operator',
  'velero',
] as const;

/** An id of the stock catalogue. */
export type StockAddonId = (typeof ADDON_IDS)[number];

/**
 * An add-on id: a stock id or a team add-on's own. `string & {}` keeps editor completion for the
 * stock ids while a team's id needs no cast.
 */
// eslint-disable-next-line @typescript-eslint/ban-types
export type AddonId = StockAddonId | (string & {});

/**
 * Longest id a team add-on may have: the longest stock id. The spec's AWS-name rules size every
 * IRSA role and bucket name for the stock ids, so a team id no longer than those fits them too.
 */
export const MAX_ADDON_ID_LENGTH = Math.max(...ADDON_IDS.map((id) => id.length));

/** An issue in the shape of spec validation issues (lib/spec/errors.ts). */
interface IdIssue {
  path: string;
  problem: string;
  fix: string;
}

/** The fix for an unknown id: the closest known id when it looks like a typo, then every id. */
export function unknownAddonFix(id: string, known: readonly string[]): string {
  const all = [...known].sort();
  const closest = [...all].sort((a, b) => editDistance(id, a) - editDistance(id, b))[0];
  if (closest !== undefined && editDistance(id, closest) <= Math.max(2, Math.floor(closest.length / 3))) {
    return `use "${closest}" (the closest) or another of ${all.join(', ')}`;
  }
  return `use one of ${all.join(', ')}`;
}

/**
 * `addons.disabled` entries and `addons.overrides` keys that name no add-on of the catalogue in
 * use (`known`: the stock ids plus a team's own), each with the closest id as the fix.
 */
export function unknownAddonIdIssues(input: Record<string, unknown>, known: readonly string[]): IdIssue[] {
  const addons = input.addons;
  if (!addons || typeof addons !== 'object' || Array.isArray(addons)) return [];
  const { disabled, overrides } = addons as { disabled?: unknown; overrides?: unknown };
  const ids = new Set(known);
  const issues: IdIssue[] = [];
  if (Array.isArray(disabled)) {
    disabled.forEach((id, i) => {
      if (typeof id === 'string' && !ids.has(id)) issues.push({ path: `spec.addons.disabled[${i}]`, problem: `unknown add-on "${id}"`, fix: unknownAddonFix(id, known) });
    });
  }
  if (overrides && typeof overrides === 'object' && !Array.isArray(overrides)) {
    for (const id of Object.keys(overrides)) {
      if (!ids.has(id)) issues.push({ path: `spec.addons.overrides.${id}`, problem: `unknown add-on "${id}"`, fix: unknownAddonFix(id, known) });
    }
  }
  return issues;
}
