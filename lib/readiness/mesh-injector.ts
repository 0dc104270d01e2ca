/**
 * What the Istio sidecar injector knows, read from the rendered istiod release exactly as istiod
 * reads it at runtime: the `istio-sidecar-injector` ConfigMap (`values`: the JSON the injection
 * templates see as `.Values`; `config`: policy, selectors, template names), the mesh ConfigMap
 * `istio` (`.ProxyConfig` = meshConfig.defaultConfig) and the MutatingWebhookConfiguration that
 * decides which pods reach the injector at all.
 */
import { parse as parseYaml } from 'yaml';
import { ofKind } from './kube-objects';
import { readSelector, type SelectorModel } from './label-selector';
import { asObject, asObjects, asStringMap, type Json, type RenderedObject } from './types';

/** One injection webhook: the API server calls the injector only for pods both selectors match. */
export interface InjectionWebhook {
  /** Webhook name, e.g. `namespace.sidecar-injector.istio.io`. */
  name: string;
  /** Namespace selector (absent: every namespace). */
  namespaceSelector: SelectorModel;
  /** Object selector over pod labels (absent: every pod). */
  objectSelector: SelectorModel;
}

/** The injector's inputs, as the rendered objects carry them. */
export interface InjectorModel {
  /** Namespace of istiod (the ConfigMaps' namespace). */
  namespace: string;
  /** `.Values` of the injection templates (global, pilot.cni/env, gateways, sidecarInjectorWebhook, revision). */
  values: Json;
  /** Injection policy: `enabled` injects unless a pod opts out. */
  policy: string;
  /** Templates applied when a pod names none (`inject.istio.io/templates`). */
  defaultTemplates: string[];
  /** Template names the injector has. */
  templates: string[];
  /** Pods never injected (label selectors, OR'ed). */
  neverInjectSelector: SelectorModel[];
  /** Pods always injected when they do not decide themselves. */
  alwaysInjectSelector: SelectorModel[];
  /** meshConfig.defaultConfig (the templates' `.ProxyConfig`). */
  proxyConfig: Json;
  /** Mesh root namespace (mesh-wide policies live there). */
  rootNamespace: string;
  /** Trust domain of workload identities. */
  trustDomain: string;
  /** Webhooks that route pods to this injector. */
  webhooks: InjectionWebhook[];
}

/** Name of the injector ConfigMap for a revision (`istio-sidecar-injector[-<rev>]`, istiod-injector-configmap.yaml line 6). */
export const INJECTOR_CONFIGMAP = 'istio-sidecar-injector';

function parseMaybe(text: unknown): Json {
  if (typeof text !== 'string' || text.trim() === '') return {};
  return asObject(parseYaml(text));
}

/** Webhooks of MutatingWebhookConfigurations whose backend is the injector (`/inject` on a Service in istiod's namespace). */
function injectionWebhooks(objects: readonly RenderedObject[], namespace: string): InjectionWebhook[] {
  const out: InjectionWebhook[] = [];
  for (const mwc of ofKind(objects, 'MutatingWebhookConfiguration')) {
    for (const w of asObjects(mwc.webhooks)) {
      const service = asObject(asObject(w.clientConfig).service);
      const path = typeof service.path === 'string' ? service.path : '';
      if (service.namespace !== namespace || !path.startsWith('/inject')) continue;
      out.push({
        name: String(w.name),
        namespaceSelector: readSelector(w.namespaceSelector) ?? {},
        objectSelector: readSelector(w.objectSelector) ?? {},
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The injector model from the rendered objects, or `undefined` when no istiod injector is rendered
 * (mesh off). With several revisions, the one named `istio-sidecar-injector` (revision "") wins.
 */
export function readInjector(objects: readonly RenderedObject[]): InjectorModel | undefined {
  const maps = ofKind(objects, 'ConfigMap').filter((c) => (c.metadata.name ?? '').startsWith(INJECTOR_CONFIGMAP));
  const cm = maps.find((c) => c.metadata.name === INJECTOR_CONFIGMAP) ?? maps[0];
  if (!cm) return undefined;
  const namespace = cm.metadata.namespace ?? 'istio-system';
  const data = asStringMap(cm.data);
  const values = data.values ? asObject(JSON.parse(data.values)) : {};
  const config = parseMaybe(data.config);
  const revision = typeof values.revision === 'string' ? values.revision : '';
  const meshMap = ofKind(objects, 'ConfigMap').find((c) => c.metadata.namespace === namespace && c.metadata.name === (revision ? `istio-${revision}` : 'istio'));
  const mesh = parseMaybe(asStringMap(meshMap?.data).mesh);
  const templates = Object.keys(asObject(config.templates)).sort();
  const defaults = Array.isArray(config.defaultTemplates) && config.defaultTemplates.length ? config.defaultTemplates.map(String) : ['sidecar'];
  return {
    namespace,
    values,
    policy: String(config.policy ?? 'enabled'),
    defaultTemplates: defaults,
    templates,
    neverInjectSelector: asObjects(config.neverInjectSelector).map((s) => readSelector(s) ?? {}),
    alwaysInjectSelector: asObjects(config.alwaysInjectSelector).map((s) => readSelector(s) ?? {}),
    proxyConfig: asObject(mesh.defaultConfig),
    rootNamespace: typeof mesh.rootNamespace === 'string' ? mesh.rootNamespace : namespace,
    trustDomain: typeof mesh.trustDomain === 'string' ? mesh.trustDomain : 'cluster.local',
    webhooks: injectionWebhooks(objects, namespace),
  };
}

/** Read a nested value of the injector values (`global.proxy.seccompProfile`). */
export function valueAt(values: Json, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => asObject(v)[k], values);
}

/** Go-template truthiness (`{{ if x }}`): false, 0, "", nil and empty maps/lists are false. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

/**
 * The proxy image every injected container gets (`.ProxyImage`, istio pkg/kube/inject ProxyImage()):
 * `<global.hub>/<global.proxy.image>:<global.tag>[-<imageType>]`. The templates use a full
 * reference (one containing "/") from the pod's annotation or global.proxy.image verbatim instead.
 */
export function proxyImage(injector: InjectorModel): string {
  const image = String(valueAt(injector.values, 'global.proxy.image') ?? 'proxyv2');
  if (image.includes('/')) return image;
  const hub = String(valueAt(injector.values, 'global.hub') ?? '');
  const tag = String(valueAt(injector.values, 'global.tag') ?? '');
  const type = String(asObject(injector.proxyConfig.image).imageType ?? valueAt(injector.values, 'global.variant') ?? '');
  const suffix = type && type !== 'default' ? `-${type}` : '';
  return `${hub}/${image}:${tag}${suffix}`;
}
