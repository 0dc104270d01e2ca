/**
 * Which pods the mesh injects, decided the way the cluster decides: the API server sends a pod to
 * the injector only when one of the MutatingWebhookConfiguration's webhooks matches both its
 * namespace and its labels; the injector then applies istio's `injectRequired` (pkg/kube/inject):
 * host-network pods and system namespaces are skipped, the pod's `sidecar.istio.io/inject` label
 * (or annotation) decides, then never/always-inject selectors, then the injector policy.
 */
import { matchesSelector } from './label-selector';
import type { InjectorModel } from './mesh-injector';
import type { NamespaceInfo } from './namespaces';
import type { PodTemplate } from './pod-templates';

/** Namespaces the injector never injects (istio pkg/kube/inject IgnoredNamespaces). */
export const INJECTION_IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** Whether and how a pod is injected, with the reason (evidence for the report). */
export interface InjectionDecision {
  /** The injector mutates the pod. */
  inject: boolean;
  /** Why, e.g. `webhook namespace.sidecar-injector.istio.io matched; namespace default policy enabled`. */
  reason: string;
  /** Injection templates applied, in order (`inject.istio.io/templates`, else the injector defaults). */
  templates: string[];
}

const TRUE_VALUES = new Set(['y', 'yes', 'true', 'on']);

/** The injection decision for one pod template in its namespace. */
export function injectionDecision(pod: PodTemplate, namespace: NamespaceInfo, injector: InjectorModel): InjectionDecision {
  const no = (reason: string): InjectionDecision => ({ inject: false, reason, templates: [] });
  const webhook = injector.webhooks.find((w) => matchesSelector(w.namespaceSelector, namespace.labels) && matchesSelector(w.objectSelector, pod.labels));
  if (!webhook) return no('no injection webhook selects this namespace and pod');
  if (pod.spec.hostNetwork === true) return no('host-network pods are never injected');
  if (INJECTION_IGNORED_NAMESPACES.has(namespace.name)) return no(`namespace ${namespace.name} is ignored by the injector`);

  // The label is the newer API; when both are present the label wins.
  const selector = pod.labels['sidecar.istio.io/inject'] ?? pod.annotations['sidecar.istio.io/inject'] ?? '';
  let decided: boolean | undefined;
  let why = `pod sets sidecar.istio.io/inject="${selector}"`;
  if (TRUE_VALUES.has(selector.toLowerCase())) decided = true;
  else if (selector !== '') decided = false;
  if (decided === undefined && injector.neverInjectSelector.some((s) => matchesSelector(s, pod.labels) && hasRequirements(s))) {
    decided = false;
    why = 'pod labels match neverInjectSelector';
  }
  if (decided === undefined && injector.alwaysInjectSelector.some((s) => matchesSelector(s, pod.labels) && hasRequirements(s))) {
    decided = true;
    why = 'pod labels match alwaysInjectSelector';
  }
  let inject: boolean;
  if (injector.policy === 'enabled') inject = decided ?? true;
  else if (injector.policy === 'disabled') inject = decided ?? false;
  else return no(`injector policy "${injector.policy}" is invalid: istiod disables injection`);
  if (decided === undefined) why = `injector policy ${injector.policy}`;
  const named = pod.annotations['inject.istio.io/templates'];
  const templates = named ? named.split(',').map((t) => t.trim()) : injector.defaultTemplates;
  return { inject, reason: `webhook ${webhook.name} matched; ${why}`, templates: inject ? templates : [] };
}

function hasRequirements(s: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }): boolean {
  // An empty selector in never/alwaysInjectSelector is ignored by istio (`!selector.Empty()`).
  return Object.keys(s.matchLabels ?? {}).length > 0 || (s.matchExpressions ?? []).length > 0;
}

/**
 * Native sidecars (istio-proxy as an init container with restartPolicy Always): istiod's
 * ENABLE_NATIVE_SIDECARS (pilot.env, default "auto" since Istio 1.27) — "auto" enables them when
 * every node's kubelet is at least 1.33, which holds for the environment's Kubernetes version.
 * Source for the default: istio pilot/pkg/features (1.27+, reported in a review of the 1.30.3 tag;
 * not read from the primary source here). The choice only moves istio-proxy between the container
 * lists; its security context and resources are the same.
 */
export function nativeSidecarsEnabled(injector: InjectorModel, kubernetesVersion: string): boolean {
  const env = (injector.values.pilot as { env?: Record<string, unknown> } | undefined)?.env ?? {};
  const setting = String(env.ENABLE_NATIVE_SIDECARS ?? 'auto');
  if (setting === 'true') return true;
  if (setting !== 'auto') return false;
  const minor = Number(kubernetesVersion.split('.')[1]);
  return Number.isFinite(minor) && minor >= 33;
}
