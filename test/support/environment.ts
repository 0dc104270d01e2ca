/**
 * Test helper: synthesize an environment once per test file (manifests + offline plan) and
 * give invariant tests convenient views of it.
 */
import { Platform } from '../../lib/blueprint/platform';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { planPlatform } from '../../lib/plan/plan-platform';
import type { PlanRecord } from '../../lib/plan/planner';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { plannedOnce } from './rendered';

/** A synthesized environment. */
export interface Synthesized {
  platform: Platform;
  plan: PlanRecord[];
  objects: KubeObject[];
}

/**
 * Synthesize `spec` (manifests and plan). The plan comes from the tests' disk cache (keyed by the
 * spec and every source it depends on) unless `fresh`, which the determinism tests use.
 */
export async function synthesize(spec: EnvironmentSpec, options: { fresh?: boolean } = {}): Promise<Synthesized> {
  const platform = Platform.fromSpec(spec);
  const plan = options.fresh ? await planPlatform(platform) : await plannedOnce(platform, spec);
  return { platform, plan, objects: platform.manifests().charts.flatMap((c) => c.objects) };
}

/** Plan records of one type token. */
export function ofType(plan: readonly PlanRecord[], type: string): PlanRecord[] {
  return plan.filter((r) => r.type === type);
}

/** Kubernetes objects of one kind. */
export function ofKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** Read a nested field by dotted path (`spec.template.spec`). */
export function at<T = unknown>(value: unknown, path: string): T {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value) as T;
}
