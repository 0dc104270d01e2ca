/**
 * Test helper: an environment as it runs — its offline plan, cdk8s manifests and every Helm
 * release rendered with the plan's values. Memoised per spec within a jest worker; renders are
 * shared across workers (and runs) by lib/render's disk cache. Charts come from the repo's
 * chart cache `../shared/charts` (or GROUNDWORK_CHART_CACHE); a missing chart fails the test
 * with the `helm pull` command — never a skip.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { Platform } from '../../lib/blueprint/platform';
import { planPlatform } from '../../lib/plan/plan-platform';
import type { PlanRecord } from '../../lib/plan/planner';
import { renderPlan, type RenderedRelease } from '../../lib/render/render-plan';
import type { EnvironmentSpec, ResolvedSpec } from '../../lib/spec/types';

/** An environment with everything it deploys. */
export interface RenderedEnvironment {
  /** The resolved spec. */
  spec: ResolvedSpec;
  platform: Platform;
  /** Offline plan (every Pulumi resource). */
  plan: PlanRecord[];
  /** cdk8s objects of every manifest chart. */
  manifests: KubeObject[];
  /** Every Helm release (or Argo CD Application chart), rendered. */
  releases: RenderedRelease[];
  /** Rendered objects of every release followed by the manifests: what runs. */
  objects: KubeObject[];
  /** The `--api-versions` the releases were rendered with (CRDs the platform installs). */
  apiVersions: string[];
}

/** Root of this repository. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Chart cache of the tests: GROUNDWORK_CHART_CACHE, else the shared cache next to the repo when it exists. */
export function testChartCache(): string | undefined {
  if (process.env.GROUNDWORK_CHART_CACHE) return process.env.GROUNDWORK_CHART_CACHE;
  const shared = resolve(REPO_ROOT, '..', 'shared', 'charts');
  return existsSync(shared) ? shared : undefined;
}

const memo = new Map<string, Promise<RenderedEnvironment>>();
// Pulumi's mock runtime is process-global: plans in one worker must not overlap.
let planQueue: Promise<unknown> = Promise.resolve();

async function build(input: EnvironmentSpec): Promise<RenderedEnvironment> {
  const platform = Platform.fromSpec(input);
  const manifests = platform.manifests().charts.flatMap((c) => c.objects);
  const planned = planQueue.then(() => planPlatform(platform));
  planQueue = planned.catch(() => undefined);
  const plan = await planned;
  const { releases, apiVersions } = await renderPlan(plan, platform.spec, { manifests, chartCache: testChartCache() });
  return { spec: platform.spec, platform, plan, manifests, releases, objects: [...releases.flatMap((r) => r.objects), ...manifests], apiVersions };
}

/** `spec` planned, synthesized and rendered (once per worker for equal specs). */
export function renderedEnvironment(spec: EnvironmentSpec): Promise<RenderedEnvironment> {
  const key = JSON.stringify(spec);
  let found = memo.get(key);
  if (!found) {
    found = build(spec);
    memo.set(key, found);
  }
  return found;
}
