/**
 * Kubernetes label selectors (`matchLabels` + `matchExpressions`), as PodDisruptionBudgets,
 * NetworkPolicies, topology spread constraints and webhook namespace/object selectors use them.
 */
import { asObject, asObjects, asStringMap } from './types';

/** A `metav1.SelectorModel`. */
export interface SelectorModel {
  /** Labels that must all be present with these values. @default {} */
  matchLabels?: Record<string, string>;
  /** Requirements that must all hold. @default [] */
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

/** Read a selector from untyped JSON; `undefined` stays `undefined` (callers decide what absent means). */
export function readSelector(value: unknown): SelectorModel | undefined {
  if (value === undefined || value === null) return undefined;
  const raw = asObject(value);
  return {
    matchLabels: asStringMap(raw.matchLabels),
    matchExpressions: asObjects(raw.matchExpressions).map((e) => ({
      key: String(e.key),
      operator: String(e.operator) as 'In' | 'NotIn' | 'Exists' | 'DoesNotExist',
      values: Array.isArray(e.values) ? e.values.map(String) : [],
    })),
  };
}

/** Whether a selector has no requirement at all (it then selects everything). */
export function isEmptySelector(selector: SelectorModel): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/**
 * Whether `labels` satisfy `selector`. An empty selector matches everything. Unknown operators
 * match nothing: the API server rejects them, so such a selector never selects in a live cluster.
 */
export function matchesSelector(selector: SelectorModel, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        // A missing label satisfies NotIn (apimachinery semantics).
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Human-readable form for evidence: `app=istiod,istio=pilot` (empty: `<all>`). */
export function describeSelector(selector: SelectorModel | undefined): string {
  if (!selector) return '<none>';
  const parts = [
    ...Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values && e.values.length ? ` (${e.values.join(',')})` : ''}`),
  ];
  return parts.length ? parts.join(',') : '<all>';
}
