/**
 * The injected pod: a template's additions merged onto the pod the way istio's injector merges
 * them (pkg/kube/inject): the rendered template is applied as a strategic-merge overlay (template
 * wins), then every container the pod itself declared under an injected name is applied back on
 * top (`reapplyOverwrittenContainers`: the pod's own fields win; `image: auto` is dropped so the
 * injector's image stays). Containers merge by name; nested objects merge field by field; lists
 * inside a field (capabilities, sysctls) are replaced.
 */
import { gatewayTemplate } from './gateway-template';
import type { InjectorModel } from './mesh-injector';
import { injectionDecision, nativeSidecarsEnabled } from './mesh-injection';
import type { Namespaces } from './namespaces';
import type { Container, PodSpec, PodTemplate } from './pod-templates';
import { sidecarTemplate, type TemplatePatch } from './sidecar-template';
import type { Finding } from './types';

type Plain = Record<string, unknown>;

function isPlain(v: unknown): v is Plain {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `over` merged onto `base`: objects field by field, everything else replaced; undefined never overwrites. */
export function mergeFields<T extends Plain>(base: T, over: Plain): T {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = isPlain(v) && isPlain(out[k]) ? mergeFields(out[k] as Plain, v) : v;
  }
  return out as T;
}

function mergeByName<T extends { name: string }>(base: readonly T[], over: readonly T[]): T[] {
  const out = [...base];
  for (const item of over) {
    const i = out.findIndex((x) => x.name === item.name);
    if (i >= 0) out[i] = mergeFields(out[i] as T & Plain, item as T & Plain) as T;
    else out.push(item);
  }
  return out;
}

/** The pod's own declaration of an injected container, re-applied over the merged result. */
function userOverlay(c: Container): Container {
  const { image, ...rest } = c;
  return (image === 'auto' ? rest : c) as Container;
}

/** `spec` with `patch` merged in, the pod's own declarations of injected containers re-applied last. */
export function applyPatch(spec: PodSpec, patch: TemplatePatch): PodSpec {
  const own = [...(spec.initContainers ?? []), ...spec.containers];
  // With native sidecars the proxy moves from `containers` to `initContainers` (istio RunTemplate).
  const movedToInit = new Set(patch.initContainers.map((c) => c.name).filter((n) => spec.containers.some((c) => c.name === n)));
  let containers = mergeByName(spec.containers.filter((c) => !movedToInit.has(c.name)), patch.containers);
  let initContainers = mergeByName([...(spec.initContainers ?? []), ...spec.containers.filter((c) => movedToInit.has(c.name))], patch.initContainers);
  const injected = new Set([...patch.containers, ...patch.initContainers].map((c) => c.name));
  const reapply = (list: Container[]) => list.map((c) => (injected.has(c.name) ? own.filter((o) => o.name === c.name).reduce((acc, o) => mergeFields(acc, userOverlay(o)), c) : c));
  containers = reapply(containers);
  initContainers = reapply(initContainers);
  return {
    ...spec,
    ...(patch.podSecurityContext ? { securityContext: mergeFields((spec.securityContext ?? {}) as Plain, patch.podSecurityContext) } : {}),
    initContainers,
    containers,
    volumes: mergeByName(spec.volumes ?? [], patch.volumes),
  };
}

/** Options of {@link injectMesh}. */
export interface InjectMeshOptions {
  /** Kubernetes minor of the cluster (decides native sidecars under istiod's "auto"). */
  kubernetesVersion: string;
}

/** Pod templates as they are after the mesh injector, with findings for what could not be modelled. */
export interface InjectedPods {
  /** Every template; injected ones carry the added containers and their names in `injected`. */
  templates: PodTemplate[];
  /** Templates the injector mutates, by owner, with the decision's reason. */
  decisions: Map<string, string>;
  /** Problems: unknown injection templates (the pod would be refused or injected unpredictably). */
  findings: Finding[];
}

/** Apply the mesh injector to every pod template it would mutate. Without an injector, templates are returned unchanged. */
export function injectMesh(templates: readonly PodTemplate[], namespaces: Namespaces, injector: InjectorModel | undefined, opts: InjectMeshOptions): InjectedPods {
  const decisions = new Map<string, string>();
  const findings: Finding[] = [];
  if (!injector) return { templates: [...templates], decisions, findings };
  const native = nativeSidecarsEnabled(injector, opts.kubernetesVersion);
  const out = templates.map((t) => {
    const decision = injectionDecision(t, namespaces.get(t.namespace), injector);
    if (!decision.inject) return t;
    decisions.set(t.owner, decision.reason);
    let spec = t.spec;
    let labels = t.labels;
    const injected = new Set<string>(t.injected ?? []);
    for (const name of decision.templates) {
      const pod = { annotations: t.annotations, labels };
      const patch = name === 'sidecar' ? sidecarTemplate(pod, injector, native) : name === 'gateway' ? gatewayTemplate(pod, injector) : undefined;
      if (!patch) {
        findings.push({
          check: 'pod-security.injection-template',
          object: t.owner,
          problem: `asks for injection template "${name}", which these checks do not model${injector.templates.includes(name) ? '' : ' and istiod does not have'}; its containers are not judged`,
          fix: 'use the sidecar or gateway template, or extend lib/readiness with a model of this template',
        });
        continue;
      }
      spec = applyPatch(spec, patch);
      if (patch.labels) labels = { ...labels, ...patch.labels };
      for (const c of [...patch.containers, ...patch.initContainers]) injected.add(c.name);
    }
    return { ...t, spec, labels, injected: [...injected].sort() };
  });
  return { templates: out, decisions, findings };
}
