/**
 * Spec problems are reported all at once, each naming the field, what is wrong and the fix.
 */

/** One problem with a spec. */
export interface SpecIssue {
  /** Field path, e.g. `spec.nodePools[1].instanceTypes`. */
  path: string;
  /** What is wrong, e.g. `spot pools need at least 3 instance types (got 1)`. */
  problem: string;
  /** How to fix it. */
  fix: string;
}

/** Sort issues by path then problem: output does not depend on rule order. */
export function sortIssues(issues: readonly SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return [...issues]
    .filter((i) => {
      const key = `${i.path}\u0000${i.problem}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.problem < b.problem ? -1 : a.problem > b.problem ? 1 : 0));
}

/** One line per issue: `  <path>: <problem>; fix: <fix>`. */
export function formatIssues(issues: readonly SpecIssue[]): string {
  return issues.map((i) => `  ${i.path}: ${i.problem}; fix: ${i.fix}`).join('\n');
}

/** A spec that failed validation; the message lists every problem. */
export class SpecValidationError extends Error {
  readonly issues: SpecIssue[];

  constructor(specName: string, issues: readonly SpecIssue[]) {
    const sorted = sortIssues(issues);
    super(`Invalid environment spec "${specName}": ${sorted.length} problem${sorted.length === 1 ? '' : 's'}\n${formatIssues(sorted)}`);
    this.name = 'SpecValidationError';
    this.issues = sorted;
  }
}
