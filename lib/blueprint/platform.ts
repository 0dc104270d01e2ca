/**
 * `Platform`: one validated environment and everything derived from it — the add-on plan,
 * the Kubernetes charts and the Pulumi program. Derivations are computed once and cached, so
 * the CLI, the offline planner and `pulumi up` all use the same objects.
 */
import { declaredNetworkNeeds, type DeclaredNetworkNeed } from '../addons/network';
import type * as pulumi from '@pulumi/pulumi';
import { isChartAddon, type AcceptedFinding, type Addon, type CatalogueAddon } from '../addons/addon';
import { CATALOGUE, extendCatalogue } from '../addons/catalogue';
import { buildTeamChart, teamChartIssues, type BuiltTeamChart, type TeamChart } from '../extensions/team-charts';
import { judgeTeamCharts } from '../extensions/team-chart-guard-rails';
import { selectAddons, type AddonSelection } from '../addons/selection';
import { SpecValidationError, type SpecIssue } from '../spec/errors';
import type { EnvironmentSpec, ResolvedSpec } from '../spec/types';
import { validateSpec } from '../spec/validate';
import { isoToday, versionWarnings } from '../spec/version-support';
import { platformChartNames, synthesizeManifests, type ManifestSet } from './manifests';
import { PlatformStack } from './platform-stack';
import { mergedValues, type MergedValues } from './values';
import { compareText } from '../spec/order';
import { evaluateGuardRails } from '../guard-rails/evaluate';
import { overrideKeyIssues } from './override-keys';
import type { AppliedException } from '../guard-rails/exceptions';

/** Options of `Platform.fromSpec`. */
export interface PlatformOptions {
  /** Add-on catalogue to select from (team repos may extend it). @default CATALOGUE */
  catalogue?: readonly CatalogueAddon[];
  /** A team's own add-ons, added to `catalogue` with their own ids (never a catalogue add-on's id); the spec may then disable or override them. @default [] */
  addons?: readonly CatalogueAddon[];
  /** A team's own cdk8s charts or manifests, applied at their phase in both delivery modes. @default [] */
  extraCharts?: readonly TeamChart[];
  /** Date (YYYY-MM-DD) end-of-life warnings and guard-rail exception expiries are judged on; never written to output files. @default today (UTC) */
  today?: string;
  /** Folders searched for add-on charts after the chart cache, to check override keys against (a team config's chart folders). @default [] */
  chartFolders?: readonly string[];
}

/** A validated environment and its derived artefacts. */
export class Platform {
  /**
   * Validate `spec` (an EnvironmentSpec written in TypeScript or a stock environment), its add-on
   * selection and its guard rails together; throws one SpecValidationError listing every problem.
   * Typed so an inline literal with a misspelt or wrong-typed field fails to compile; for data
   * read from a file use `Platform.fromUnknown`.
   */
  static fromSpec(spec: EnvironmentSpec, options: PlatformOptions = {}): Platform {
    return Platform.fromUnknown(spec, options);
  }

  /**
   * Validate untyped `input` (a parsed JSON/YAML file, CLI input) exactly as `fromSpec` does;
   * every type error is reported at run time instead, in the same aggregated error.
   */
  static fromUnknown(input: unknown, options: PlatformOptions = {}): Platform {
    const extended = extendCatalogue(options.catalogue ?? CATALOGUE, options.addons ?? []);
    const catalogue = extended.catalogue;
    const teamCharts = options.extraCharts ?? [];
    const today = options.today ?? isoToday();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`PlatformOptions.today must be a YYYY-MM-DD date (got "${today}")`);
    const result = validateSpec(input, { addonIds: [...new Set([...catalogue, ...(options.addons ?? [])].map((a) => a.id))] });
    const issues: SpecIssue[] = [...extended.issues, ...(result.ok ? [] : result.issues)];
    const values = new Map<string, MergedValues>();
    const judge = (spec: ResolvedSpec): { selection: AddonSelection; exceptions: AppliedException[]; built: BuiltTeamChart[]; keyWarnings: string[] } => {
      const selection = selectAddons(spec, catalogue);
      const valuesOf = (addon: Addon): MergedValues => cachedValues(values, addon, selection);
      const chartIssues = teamChartIssues(teamCharts, platformChartNames(selection));
      // Built once, only when well-formed, and judged on their objects: delivery uses these very objects.
      const built = chartIssues.length > 0 ? [] : teamCharts.map((team, i) => buildTeamChart(team, i, selection.context));
      const team = judgeTeamCharts(built, { spec, catalogue });
      const guardRails = evaluateGuardRails({ spec, selection, valuesOf, today }, team.violations);
      const keys = overrideKeyIssues({ spec, catalogue, selected: selection.ordered, blueprintOf: (a) => valuesOf(a).blueprint, lookup: { chartFolders: options.chartFolders } });
      issues.push(...(selection.issues as SpecIssue[]), ...guardRails.issues, ...chartIssues, ...team.issues, ...keys.issues);
      return { selection, exceptions: guardRails.applied, built, keyWarnings: keys.warnings };
    };
    if (!result.ok) {
      // A best-effort spec lets selection and guard-rail problems join the shape errors; if it is
      // too broken to judge, the shape errors already say what to fix first.
      try {
        if (result.partial) judge(result.partial);
      } catch {
        /* reported through result.issues */
      }
      throw new SpecValidationError(specName(input), issues);
    }
    const { selection, exceptions, built, keyWarnings } = judge(result.spec);
    if (issues.length > 0) throw new SpecValidationError(result.spec.name, issues);
    const charts = selection.ordered.filter(isChartAddon).map((a) => ({ id: a.id, chart: a.chart }));
    return new Platform(result.spec, selection, [...versionWarnings(result.spec.kubernetesVersion, charts, today), ...keyWarnings], exceptions, values, built);
  }

  private manifestCache: ManifestSet | undefined;

  private constructor(
    /** The resolved environment. */
    readonly spec: ResolvedSpec,
    /** Enabled add-ons in dependency order. */
    readonly selection: AddonSelection,
    /** Deploys, but past end of life or untested upstream, or with override keys no cached chart could check (`<path>: <problem>; fix: <fix>`); never written to output files. */
    readonly warnings: readonly string[],
    /** Guard-rail exceptions of the spec that cover a weakening, sorted by guard rail and target; recorded in every output. */
    readonly exceptions: readonly AppliedException[],
    private readonly valuesCache: Map<string, MergedValues>,
    /** The team's charts composed in at their phases, built and judged once. */
    private readonly builtTeamCharts: readonly BuiltTeamChart[] = [],
  ) {}

  /** The team's charts composed in at their phases. */
  get teamCharts(): readonly TeamChart[] {
    return this.builtTeamCharts.map((b) => b.team);
  }

  /** Merged Helm values of `addon` (blueprint values + user overrides). */
  valuesOf(addon: Addon): MergedValues {
    return cachedValues(this.valuesCache, addon, this.selection);
  }

  /**
   * Readiness findings the enabled add-ons accept on purpose, each with its reason (sorted).
   * The readiness checks report them as excepted; nothing else can weaken a check.
   */
  acceptedFindings(): AcceptedFinding[] {
    return this.selection.ordered
      .flatMap((addon) => addon.acceptedFindings?.(this.selection.context) ?? [])
      .sort((a, b) => compareText(a.check, b.check) || compareText(a.object, b.object));
  }

  /** Connections the enabled add-ons declare (the platform namespaces' NetworkPolicies and their expected flows). */
  networkNeeds(): DeclaredNetworkNeed[] {
    return declaredNetworkNeeds(this.selection.context);
  }

  /** The Kubernetes charts, in deploy order (synthesized once). */
  manifests(): ManifestSet {
    this.manifestCache ??= synthesizeManifests(this.spec, this.selection, (addon) => this.valuesOf(addon).values, {
      exceptions: this.exceptions,
      overriddenPaths: (addon) => this.valuesOf(addon).overriddenPaths,
    }, this.builtTeamCharts);
    return this.manifestCache;
  }

  /** The Pulumi program: call inside a Pulumi stack (or the offline planner). */
  deploy(opts?: pulumi.ComponentResourceOptions): PlatformStack {
    return new PlatformStack(
      this.spec.name,
      { spec: this.spec, selection: this.selection, manifests: this.manifests(), valuesOf: (a) => this.valuesOf(a), exceptions: this.exceptions },
      opts,
    );
  }
}

/** Merged values of `addon`, computed once per add-on (guard rails and delivery share them). */
function cachedValues(cache: Map<string, MergedValues>, addon: Addon, selection: AddonSelection): MergedValues {
  let merged = cache.get(addon.id);
  if (!merged) {
    merged = mergedValues(addon, selection.context);
    cache.set(addon.id, merged);
  }
  return merged;
}

function specName(input: unknown): string {
  const name = (input as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '<unnamed>';
}
