/**
 * Matching guard-rail violations with the spec's exceptions. An exception covers the violations
 * of its guard rail with its target (or every one, without a target); one that covers nothing is
 * stale and refused — it would silently accept the next weakening. Expired, repeated or
 * unexplained exceptions are refused too.
 */
import type { SpecIssue } from '../spec/errors';
import { compareText } from '../spec/order';
import type { GuardRailExceptionSpec } from '../spec/types';
import type { GuardRailViolation } from './violation';

/** An exception of the spec with the violations it covers. */
export interface AppliedException extends GuardRailExceptionSpec {
  /** The violations it covers, by path. */
  readonly violations: readonly GuardRailViolation[];
}

/** Shortest reason that can say why (as for readiness exceptions). */
const MIN_REASON_LENGTH = 10;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Echoed in the summary and the output: a control character could forge lines there.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether `text` is a real calendar date written YYYY-MM-DD. */
function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

const keyOf = (e: Pick<GuardRailExceptionSpec, 'guardRail' | 'target'>): string => `${e.guardRail}\u0000${e.target ?? ''}`;
const label = (e: Pick<GuardRailExceptionSpec, 'guardRail' | 'target'>): string => `${e.guardRail}${e.target === undefined ? ' (every violation)' : ` ${e.target}`}`;

/** Problems with the exceptions' own fields (reason, approver, dates, repeats). */
function fieldIssues(exceptions: readonly GuardRailExceptionSpec[], today: string): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const first = new Map<string, number>();
  exceptions.forEach((e, i) => {
    const at = `spec.exceptions[${i}]`;
    // Defensive: a best-effort spec (shape errors elsewhere) may carry any value here.
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    if (text(e.reason).trim().length < MIN_REASON_LENGTH) {
      issues.push({ path: `${at}.reason`, problem: `must explain why ${label(e)} is acceptable (got ${JSON.stringify(e.reason)})`, fix: 'write a sentence a reviewer can judge, e.g. "the VPN egress pool is a /15 until NET-42 narrows it"' });
    }
    if (text(e.approvedBy).trim() === '') {
      issues.push({ path: `${at}.approvedBy`, problem: 'is empty: an exception needs an approver', fix: 'name who approved it (a person or a ticket, e.g. "SEC-123")' });
    }
    for (const field of ['target', 'reason', 'approvedBy', 'expires'] as const) {
      const value = e[field];
      if (typeof value === 'string' && CONTROL.test(value)) issues.push({ path: `${at}.${field}`, problem: 'contains control characters', fix: 'write plain text on one line' });
    }
    if (e.expires !== undefined && !isDate(text(e.expires))) {
      issues.push({ path: `${at}.expires`, problem: `${JSON.stringify(e.expires)} is not a date written YYYY-MM-DD`, fix: 'write the last day the exception applies, e.g. "2026-12-31", or omit it' });
    } else if (e.expires !== undefined && e.expires < today) {
      issues.push({ path: `${at}.expires`, problem: `${label(e)} expired on ${e.expires}`, fix: 'fix the setting and remove the exception, or renew the approval with a later expires' });
    }
    const seen = first.get(keyOf(e));
    if (seen === undefined) first.set(keyOf(e), i);
    else issues.push({ path: at, problem: `repeats spec.exceptions[${seen}] (${label(e)})`, fix: 'keep one exception per guard rail and target' });
  });
  return issues;
}

/**
 * Match `violations` with `exceptions` (an exception naming the violation's target first, then
 * one without a target). Returns the violations nothing covers, the exceptions with what they
 * cover, and the problems with the exceptions themselves.
 */
export function matchExceptions(
  violations: readonly GuardRailViolation[],
  exceptions: readonly GuardRailExceptionSpec[],
  today: string,
): { uncovered: GuardRailViolation[]; applied: AppliedException[]; issues: SpecIssue[] } {
  const issues = fieldIssues(exceptions, today);
  const covered = exceptions.map((): GuardRailViolation[] => []);
  const uncovered: GuardRailViolation[] = [];
  for (const v of violations) {
    let index = exceptions.findIndex((e) => e.guardRail === v.guardRail && e.target === v.target);
    if (index < 0) index = exceptions.findIndex((e) => e.guardRail === v.guardRail && e.target === undefined);
    if (index < 0) uncovered.push(v);
    else covered[index].push(v);
  }
  const firstIndex = new Map<string, number>();
  exceptions.forEach((e, i) => {
    if (!firstIndex.has(keyOf(e))) firstIndex.set(keyOf(e), i);
    // A repeat is reported as such, not as stale as well.
    if (covered[i].length > 0 || firstIndex.get(keyOf(e)) !== i) return;
    const others = [...new Set(violations.filter((v) => v.guardRail === e.guardRail).map((v) => v.target))].sort(compareText);
    issues.push({
      path: `spec.exceptions[${i}]`,
      problem: `${label(e)} covers nothing: the spec does not weaken it${others.length > 0 ? ` there (its violations: ${others.join(', ')})` : ''}`,
      fix: others.length > 0 ? `remove the exception, or set its target to one of ${others.join(', ')}` : 'remove the exception (a stale one would accept the next weakening unseen)',
    });
  });
  const applied = exceptions
    .map((e, i) => ({ ...e, violations: [...covered[i]].sort((a, b) => compareText(a.path, b.path) || compareText(a.problem, b.problem)) }))
    .filter((e) => e.violations.length > 0)
    .sort((a, b) => compareText(a.guardRail, b.guardRail) || compareText(a.target ?? '', b.target ?? ''));
  return { uncovered, applied, issues };
}
