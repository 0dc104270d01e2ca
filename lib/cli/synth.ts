/**
 * `groundwork synth`: validate every requested environment first (all problems of all
 * environments in one report), then synthesize manifests and the offline cloud plan, then
 * write everything atomically.
 */
import '../plan/lazy-pulumi-modules'; // first: before anything loads @pulumi/pulumi
import { performance } from 'node:perf_hooks';
import { STOCK_ENVIRONMENTS } from '../../stacks/environments';
import { pinnedVersionOf } from '../addons/addon';
import { toCanonicalJson } from '../blueprint/canonical';
import { renderChart } from '../blueprint/manifests';
import { Platform } from '../blueprint/platform';
import { planPlatform } from '../plan/plan-platform';
import { toCloudJson } from '../plan/planner';
import { SpecValidationError } from '../spec/errors';
import { crossEnvironmentNameIssues } from '../spec/rules/aws-names';
import { UsageError, type CliArgs } from './args';
import { checkOutputRoot, writeEnvironments, type EnvironmentFiles } from './atomic-write';
import { loadSpecFile } from './load-spec';
import { compareText } from '../spec/order';
import { formatAppliedException } from '../guard-rails/record';
import { quoted } from '../spec/printable';
import { loadConfig } from '../config/load-config';
import type { ResolvedConfig } from '../config/groundwork-config';
import { gitopsPathWarning, withDerivedGitopsPath } from './gitops-path';

export { gitopsPathWarning };

/** Where messages go (tests capture them). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** The specs a synth run covers. */
export function requestedSpecs(args: CliArgs): unknown[] {
  if (args.specFile) return [loadSpecFile(args.specFile)];
  const names = args.envs.length > 0 ? args.envs : Object.keys(STOCK_ENVIRONMENTS);
  const unknown = names.filter((n) => !(n in STOCK_ENVIRONMENTS));
  if (unknown.length > 0) {
    throw new UsageError(`unknown environment ${unknown.map(quoted).join(', ')}; stock environments: ${Object.keys(STOCK_ENVIRONMENTS).join(', ')} (or pass --spec FILE)`);
  }
  return names.map((n) => STOCK_ENVIRONMENTS[n]);
}

/**
 * Validate every requested environment; on any problem print all of them (every environment,
 * every field) with "nothing was written." and return undefined: the caller exits 2.
 */
export function requestedPlatforms(args: CliArgs, io: Output, config: ResolvedConfig = loadConfig(args.configFile)): Platform[] | undefined {
  checkOutputRoot(args.outDir); // a refused --out fails before seconds of synthesis
  const platforms: Platform[] = [];
  const problems: string[] = [];
  // GitOps: the root Application points where this run's manifests are in the repository.
  const inputs = requestedSpecs(args).map((spec) => withDerivedGitopsPath(spec, args.outDir));
  for (const spec of inputs) {
    try {
      platforms.push(Platform.fromUnknown(spec, config.platform)); // a --spec file is untyped data
    } catch (error) {
      if (!(error instanceof SpecValidationError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length === 0 && platforms.length > 1) {
    // Environments of one run usually share an account: their AWS names must not collide either.
    const clashes = crossEnvironmentNameIssues(platforms.map((p, i) => ({ ...p.spec, input: inputs[i] as Record<string, unknown> })));
    for (const env of [...new Set(clashes.map((c) => c.env))]) {
      problems.push(new SpecValidationError(env, clashes.filter((c) => c.env === env).map((c) => c.issue)).message);
    }
  }
  if (problems.length === 0) return platforms;
  io.err(problems.join('\n\n'));
  io.err('nothing was written.');
  return undefined;
}

function countBy(items: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => compareText(a, b)).map(([k, n]) => `${k} ${n}`).join(', ');
}

/** Synthesize one environment into its files; returns the files and a summary. */
export async function synthesizeEnvironment(platform: Platform): Promise<{ files: Map<string, string>; summary: string[] }> {
  const started = performance.now();
  const manifests = platform.manifests();
  const plan = await planPlatform(platform);
  const files = new Map<string, string>();
  for (const chart of manifests.charts) files.set(`manifests/${chart.file}`, renderChart(chart));
  files.set('cloud.json', toCanonicalJson(toCloudJson(plan)));
  const objects = manifests.charts.flatMap((c) => c.objects);
  // `aws:eks/cluster:Cluster` → `Cluster`; `pulumi:providers:kubernetes` → `Provider(kubernetes)`.
  const cloudKinds = plan
    .filter((r) => r.custom)
    .map((r) => (r.type.startsWith('pulumi:providers:') ? `Provider(${r.type.split(':')[2]})` : r.type.split(':').pop()!));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  return {
    files,
    summary: [
      `${platform.spec.name} (${platform.spec.tier}, ${platform.spec.addons.delivery} delivery): ${files.size} files in ${seconds} s`,
      `  kubernetes: ${objects.length} objects: ${countBy(objects.map((o) => o.kind))}`,
      `  cloud: ${cloudKinds.length} resources: ${countBy(cloudKinds)}`,
      `  add-ons: ${platform.selection.ordered.map((a) => `${a.id}@${pinnedVersionOf(a).version}`).join(', ') || 'none'}`,
      ...platform.exceptions.map(formatAppliedException),
    ],
  };
}

/** Run `synth`; returns the process exit code. */
export async function runSynth(args: CliArgs, io: Output): Promise<number> {
  const platforms = requestedPlatforms(args, io);
  if (!platforms) return 2;
  // Warnings (end of life, untested upstream) go to stderr only: output files stay deterministic.
  for (const platform of platforms) {
    const gitopsPath = gitopsPathWarning(platform, args.outDir);
    for (const warning of [...platform.warnings, ...(gitopsPath ? [gitopsPath] : [])]) io.err(`warning: ${platform.spec.name}: ${warning}`);
  }
  const environments: EnvironmentFiles[] = [];
  const summaries: string[] = [];
  for (const platform of platforms) {
    const { files, summary } = await synthesizeEnvironment(platform);
    environments.push({ env: platform.spec.name, files });
    summaries.push(...summary);
  }
  // Replaces only folders Groundwork wrote, all environments together, under a lock (lib/output).
  writeEnvironments(args.outDir, environments, { warn: (line) => io.err(line) });
  for (const line of summaries) io.out(line);
  io.out(`wrote ${environments.map((e) => `${args.outDir}/${e.env}/`).join(', ')}`);
  return 0;
}
