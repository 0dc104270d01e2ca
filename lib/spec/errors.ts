/**
 * Spec problems are reported all at once, each naming the field, what is wrong and the fix.
 */
import { printable } from './printable';

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

/**
 * One line per issue: `  <path>: <problem>; fix: <fix>`. Paths, problems and fixes echo spec
 * text (keys, names, values), so each is escaped here, the one place issues become text: a key
 * holding a newline or an ANSI escape cannot start a forged line or recolour the terminal.
 */
export function formatIssues(issues: readonly SpecIssue[]): string {
  return issues.map((i) => `  ${printable(i.path)}: ${printable(i.problem)}; fix: ${printable(i.fix)}`).join('\n');
}

/** The message of a validation error: `Invalid <subject>: N problems` and one line per issue (sorted). */
export function invalidMessage(subject: string, sorted: readonly SpecIssue[]): string {
  return `Invalid ${subject}: ${sorted.length} problem${sorted.length === 1 ? '' : 's'}\n${formatIssues(sorted)}`;
}

/** A spec that failed validation; the message lists every problem. */
export class SpecValidationError extends Error {
  /** Every problem found, sorted by field path: one per field, problem and fix. */
  readonly issues: SpecIssue[];

  constructor(specName: string, issues: readonly SpecIssue[]) {
    const sorted = sortIssues(issues);
    super(invalidMessage(`environment spec "${printable(specName)}"`, sorted));
    this.name = 'SpecValidationError';
    this.issues = sorted;
  }
}
