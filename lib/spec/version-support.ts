/**
 * Checks over the version table's facts: is a chart release supported on the environment's
 * Kubernetes minor (refuse if not), is it only untested there, has it or the Kubernetes minor
 * passed its end of life (warn). Pure functions of the table, the chart and a date, so synthesis
 * output never depends on the clock: only warnings do, and they are never written to files.
 */
import type { SpecIssue } from './errors';
import { CHART_VERSIONS, KUBERNETES_VERSIONS, type KubernetesSupport, type PinnedChart } from './versions';

/** Order of two Kubernetes minors ('1.9' < '1.10'). */
export function compareMinor(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** The range as people write it: '1.32–1.36', '1.22+', 'up to 1.35'. */
export function describeRange(support: KubernetesSupport): string {
  if (support.min && support.max) return support.min === support.max ? support.min : `${support.min}–${support.max}`;
  if (support.min) return `${support.min}+`;
  return support.max ? `up to ${support.max}` : 'any version';
}

/** How a release stands on a Kubernetes minor. */
export type KubernetesVerdict = 'supported' | 'unsupported' | 'untested';

/** Verdict of `support` for `version`; an undeclared range (team add-on) is not judged. */
export function kubernetesVerdict(support: KubernetesSupport | undefined, version: string): KubernetesVerdict {
  if (!support) return 'supported';
  if (support.min && compareMinor(version, support.min) < 0) return 'unsupported';
  if (support.max && compareMinor(version, support.max) > 0) return support.basis === 'tested' ? 'untested' : 'unsupported';
  return 'supported';
}

/**
 * The Kubernetes minors a fix may suggest to an environment whose selection holds `charts`:
 * offered (in the version table) and refused by none of them, newest first. Every suggestion
 * (the "not offered" rule's, a refusal's, a warning's) comes from here, so following a fix
 * never meets another refusal.
 */
export function acceptedKubernetesVersions(charts: readonly SelectedChart[]): string[] {
  return KUBERNETES_VERSIONS.map((k) => k.version as string).filter((v) => charts.every(({ chart }) => kubernetesVerdict(chart.kubernetes, v) !== 'unsupported'));
}

/**
 * Every catalogue chart an environment may select: all but those in `spec.addons.disabled`
 * (raw, possibly invalid). Before a spec is valid its selection is unknown, so a suggestion made
 * then must suit each of them.
 */
export function selectableCharts(disabled: readonly unknown[]): SelectedChart[] {
  return Object.entries(CHART_VERSIONS as Record<string, PinnedChart>)
    .filter(([id]) => !disabled.includes(id))
    .map(([id, chart]) => ({ id, chart }));
}

function otherVersionFix(id: string, chart: PinnedChart, support: KubernetesSupport, version: string, verb: string, selected: readonly SelectedChart[]): string {
  const offered = acceptedKubernetesVersions([...selected, { id, chart }]).filter((v) => kubernetesVerdict(support, v) === 'supported');
  const pin = `pin a ${chart.chart} release that ${verb} Kubernetes ${version} in lib/spec/versions.ts (see ${support.source})`;
  return offered.length > 0 ? `set kubernetesVersion to ${offered.join(' or ')}, or ${pin}` : `${pin}, or disable ${id}`;
}

/**
 * The refusal when `chart` does not support `version`, else undefined. `selected` is the rest of
 * the environment's selection: the fix suggests only versions all of it accepts.
 */
export function unsupportedKubernetesIssue(id: string, chart: PinnedChart, version: string, selected: readonly SelectedChart[] = []): SpecIssue | undefined {
  const support = chart.kubernetes;
  if (!support || kubernetesVerdict(support, version) !== 'unsupported') return undefined;
  return {
    path: 'spec.kubernetesVersion',
    problem: `${id} ${chart.version} supports Kubernetes ${describeRange(support)} (got ${version})`,
    fix: otherVersionFix(id, chart, support, version, 'supports', selected),
  };
}

/** The warning when upstream only tests `chart` on older minors than `version`, else undefined (`selected` as for refusals). */
export function untestedKubernetesWarning(id: string, chart: PinnedChart, version: string, selected: readonly SelectedChart[] = []): SpecIssue | undefined {
  const support = chart.kubernetes;
  if (!support || kubernetesVerdict(support, version) !== 'untested') return undefined;
  return {
    path: 'spec.kubernetesVersion',
    problem: `${id} ${chart.version} is tested upstream on Kubernetes ${describeRange(support)} only (got ${version}); beyond that it relies on Kubernetes' backward compatibility`,
    fix: otherVersionFix(id, chart, support, version, 'is tested on', selected),
  };
}

/** The warning when `chart`'s release line is past its end of life on `today`, else undefined. */
export function endOfLifeWarning(id: string, chart: PinnedChart, today: string): SpecIssue | undefined {
  const eol = chart.endOfLife;
  if (!eol || today <= eol.date) return undefined;
  return { path: `addons.${id}`, problem: `${chart.chart} ${chart.version} reached end of life on ${eol.date} (${eol.source})`, fix: eol.fix };
}

/** The warning when `version` is past EKS standard support on `today`, else undefined. */
export function kubernetesEndOfSupportWarning(version: string, today: string): SpecIssue | undefined {
  const pin = KUBERNETES_VERSIONS.find((k) => k.version === version) as { endOfStandardSupport?: string } | undefined;
  const end = pin?.endOfStandardSupport;
  if (!end || today <= end) return undefined;
  return {
    path: 'spec.kubernetesVersion',
    // upgradePolicy is STANDARD (control-plane.ts), so EKS upgrades the control plane on its own schedule.
    problem: `Kubernetes ${version} left EKS standard support on ${end}, so EKS upgrades the control plane on its own schedule`,
    fix: `upgrade to Kubernetes ${KUBERNETES_VERSIONS[0].version} (spec.kubernetesVersion) and move the table's pins with it`,
  };
}

/** A chart of the environment's selection. */
export interface SelectedChart {
  /** Add-on id. */
  id: string;
  /** Its pinned chart. */
  chart: PinnedChart;
}

/** Every version warning of an environment on `today`, formatted like validation issues, sorted. */
export function versionWarnings(kubernetesVersion: string, charts: readonly SelectedChart[], today: string): string[] {
  const warnings = [
    kubernetesEndOfSupportWarning(kubernetesVersion, today),
    ...charts.flatMap(({ id, chart }) => [untestedKubernetesWarning(id, chart, kubernetesVersion, charts), endOfLifeWarning(id, chart, today)]),
  ].filter((w): w is SpecIssue => w !== undefined);
  return warnings.map((w) => `${w.path}: ${w.problem}; fix: ${w.fix}`).sort();
}

/** Today's date (UTC) as YYYY-MM-DD: the default `today` of warnings. */
export function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}
