/**
 * Requests and limits: without cpu/memory requests the scheduler packs blind and quota admission
 * rejects the pod; without a memory limit one leaking container takes the node's memory from its
 * neighbours. Judged after API defaulting (requests default to limits) and LimitRange defaults,
 * which is what the running container gets.
 */
import { ofKind } from './kube-objects';
import type { Container, PodTemplate } from './pod-templates';
import { asObject, asObjects, type Finding, type RenderedObject } from './types';

/** Container defaults a namespace's LimitRanges apply at admission. */
export interface ContainerDefaults {
  /** Default requests (`defaultRequest`, or `default` when that is absent). */
  requests: Record<string, unknown>;
  /** Default limits (`default`). */
  limits: Record<string, unknown>;
}

/** LimitRange container defaults per namespace. */
export function limitRangeDefaults(objects: readonly RenderedObject[]): Map<string, ContainerDefaults> {
  const out = new Map<string, ContainerDefaults>();
  for (const lr of ofKind(objects, 'LimitRange')) {
    const ns = lr.metadata.namespace ?? 'default';
    const acc = out.get(ns) ?? { requests: {}, limits: {} };
    for (const item of asObjects(asObject(lr.spec).limits)) {
      if (item.type !== 'Container') continue;
      const limits = asObject(item.default);
      // API defaulting of LimitRange: defaultRequest falls back to default.
      const requests = { ...limits, ...asObject(item.defaultRequest) };
      Object.assign(acc.limits, limits);
      Object.assign(acc.requests, requests);
    }
    out.set(ns, acc);
  }
  return out;
}

/** The resources a container runs with after defaulting. */
export function effectiveResources(c: Container, defaults?: ContainerDefaults): { requests: Record<string, unknown>; limits: Record<string, unknown> } {
  const limits = { ...(defaults?.limits ?? {}), ...(c.resources?.limits ?? {}) };
  // Pod defaulting: a resource with a limit and no request gets the limit as its request.
  const requests = { ...(defaults?.requests ?? {}), ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
  return { requests, limits };
}

const present = (m: Record<string, unknown>, k: string) => m[k] !== undefined && m[k] !== null && m[k] !== '';

/** Findings for containers and init containers missing cpu/memory requests or a memory limit. */
export function checkResources(templates: readonly PodTemplate[], objects: readonly RenderedObject[]): Finding[] {
  const defaults = limitRangeDefaults(objects);
  const findings: Finding[] = [];
  for (const t of templates) {
    const injected = new Set(t.injected ?? []);
    for (const c of [...(t.spec.initContainers ?? []), ...t.spec.containers]) {
      const { requests, limits } = effectiveResources(c, defaults.get(t.namespace));
      const missing = [
        ...(!present(requests, 'cpu') ? ['requests.cpu'] : []),
        ...(!present(requests, 'memory') ? ['requests.memory'] : []),
        ...(!present(limits, 'memory') ? ['limits.memory'] : []),
      ];
      if (!missing.length) continue;
      findings.push({
        check: 'resources.requests-limits',
        object: t.owner,
        container: c.name,
        problem: `${injected.has(c.name) ? 'injected container ' : ''}has no ${missing.join(', ')} (resources: ${JSON.stringify(c.resources ?? {})})`,
        fix: injected.has(c.name)
          ? 'set istiod values global.proxy.resources.requests.{cpu,memory} and limits.memory (used by istio-proxy and istio-validation alike)'
          : `set the chart's resources for this container: requests.cpu, requests.memory and limits.memory`,
      });
    }
  }
  return findings;
}
