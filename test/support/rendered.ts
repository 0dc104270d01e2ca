/**
 * Test helper: an environment as it runs — its offline plan, cdk8s manifests and every Helm
 * release rendered with the plan's values. Memoised per spec within a test file; plans and
 * renders are shared across files, workers and runs by disk caches keyed by their inputs. Charts come from the repo's
 * chart cache `../shared/charts` (or GROUNDWORK_CHART_CACHE); a missing chart fails the test
 * with the `helm pull` command — never a skip.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { Platform } from '../../lib/blueprint/platform';
import { planPlatform } from '../../lib/plan/plan-platform';
import type { PlanRecord } from '../../lib/plan/planner';
import { groundworkCacheRoot } from '../../lib/render/chart-cache';
import { renderPlan, type RenderedRelease, type RenderResult } from '../../lib/render/render-plan';
import { renderedYaml } from '../../lib/render/rendered-objects';
import type { EnvironmentSpec, ResolvedSpec } from '../../lib/spec/types';
import { compareText } from '../../lib/spec/order';

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
let fingerprint: string | undefined;

/** sha256 of everything a plan depends on: the sources under lib/ and stacks/, the lockfile, node. */
function sourceFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(process.version);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path}\0`).update(readFileSync(path));
    }
  };
  walk(join(REPO_ROOT, 'lib'));
  walk(join(REPO_ROOT, 'stacks'));
  hash.update(readFileSync(join(REPO_ROOT, 'package-lock.json')));
  fingerprint = hash.digest('hex');
  return fingerprint;
}

/** A disk cache entry of the tests: JSON under the cache root, written whole (rename) or not at all. */
function readTestCache<T>(folder: string, key: string): T | undefined {
  const file = join(groundworkCacheRoot(), folder, `${key}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined; // a damaged entry is computed again
  }
}

function writeTestCache(folder: string, key: string, value: unknown): void {
  mkdirSync(join(groundworkCacheRoot(), folder), { recursive: true });
  const file = join(groundworkCacheRoot(), folder, `${key}.json`);
  const staging = `${file}.tmp-${process.pid}`;
  writeFileSync(staging, JSON.stringify(value));
  renameSync(staging, file);
}

/**
 * The offline plan, from a disk cache keyed by the spec and the source fingerprint: under jest
 * a plan takes seconds, and every test file that renders an environment needs one. Any change
 * to lib/, stacks/ or the lockfile is a new key. GROUNDWORK_TEST_PLAN_CACHE=0 turns it off.
 */
export async function plannedOnce(platform: Platform, input: EnvironmentSpec): Promise<PlanRecord[]> {
  const useCache = process.env.GROUNDWORK_TEST_PLAN_CACHE !== '0';
  const key = createHash('sha256').update(sourceFingerprint()).update(JSON.stringify(input)).digest('hex');
  const cached = useCache ? readTestCache<PlanRecord[]>('test-plans', key) : undefined;
  if (cached) return cached;
  // planPlatform queues plans itself: Pulumi's mock runtime is one per process.
  const plan = await planPlatform(platform);
  if (useCache) writeTestCache('test-plans', key, plan);
  return plan;
}

/** The chart archives of the tests' chart cache by name, size and mtime: a changed archive is another render. */
export function chartCacheStamp(dir: string): string {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.tgz'))
    .sort(compareText)
    .map((name) => {
      const stats = statSync(join(dir, name));
      return `${name} ${stats.size} ${stats.mtimeMs}`;
    })
    .join('\n');
}

type StoredRelease = Omit<RenderedRelease, 'yaml'>;

/**
 * Every release of an environment rendered, from a disk cache keyed like the plan's plus the
 * chart archives: a dozen test files render the same seven targets, and each render reads
 * ~20 chart archives and render-cache entries again. The render itself is renderPlan's, run by
 * the first file (or the warm-up) and tested by test/render/.
 */
async function renderedOnce(plan: PlanRecord[], platform: Platform, input: EnvironmentSpec, manifests: KubeObject[]): Promise<Pick<RenderResult, 'releases' | 'apiVersions'>> {
  const chartCache = testChartCache();
  const useCache = process.env.GROUNDWORK_TEST_PLAN_CACHE !== '0' && chartCache !== undefined;
  const key = useCache ? createHash('sha256').update(sourceFingerprint()).update(JSON.stringify(input)).update(chartCacheStamp(chartCache)).digest('hex') : '';
  const cached = useCache ? readTestCache<{ releases: StoredRelease[]; apiVersions: string[] }>('test-renders', key) : undefined;
  if (cached) {
    const releases = cached.releases.map((stored) => {
      let yaml: string | undefined;
      return Object.defineProperty(stored, 'yaml', { enumerable: true, get: () => (yaml ??= renderedYaml(stored.objects)) }) as RenderedRelease;
    });
    return { releases, apiVersions: cached.apiVersions };
  }
  const { releases, apiVersions } = await renderPlan(plan, platform.spec, { manifests, chartCache });
  if (useCache) {
    const stored: StoredRelease[] = releases.map(({ release, namespace, chart, version, repository, delivery, values, archive, objects, generated }) => ({ release, namespace, chart, version, repository, delivery, values, archive, objects, generated }));
    writeTestCache('test-renders', key, { releases: stored, apiVersions });
  }
  return { releases, apiVersions };
}

async function build(input: EnvironmentSpec): Promise<RenderedEnvironment> {
  const platform = Platform.fromSpec(input);
  const manifests = platform.manifests().charts.flatMap((c) => c.objects);
  const plan = await plannedOnce(platform, input);
  const { releases, apiVersions } = await renderedOnce(plan, platform, input, manifests);
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
