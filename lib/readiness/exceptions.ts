/**
 * Reasoned exceptions: a finding the platform owner accepts stays in the report with the reason
 * next to it, so the decision is visible and reviewable. Exceptions that match nothing are
 * reported too: a stale exception would otherwise silently accept the next regression.
 */
import type { Finding, ReadinessException, ReportedFinding } from './types';

/** Whether an exception's check id matches a finding's: exactly, or by prefix when it ends in `.*` (`pod-security.*`). */
function checkMatches(pattern: string, check: string): boolean {
  return pattern.endsWith('.*') ? check.startsWith(pattern.slice(0, -1)) : pattern === check;
}

/** Whether `exception` covers `finding` (same check — or its family — and object; same container when it names one). */
export function covers(exception: ReadinessException, finding: Finding): boolean {
  return checkMatches(exception.check, finding.check) && exception.object === finding.object && (exception.container === undefined || exception.container === finding.container);
}

/** Findings with the reason of the first exception covering each, and the exceptions that covered nothing. */
export function applyExceptions(findings: readonly Finding[], exceptions: readonly ReadinessException[]): { findings: ReportedFinding[]; unused: ReadinessException[] } {
  const used = new Set<ReadinessException>();
  const out = findings.map((f) => {
    const e = exceptions.find((x) => covers(x, f));
    if (!e) return { ...f };
    used.add(e);
    return { ...f, excepted: e.reason };
  });
  return { findings: out, unused: exceptions.filter((e) => !used.has(e)) };
}

/** Problems with the exceptions themselves: an exception must say why. */
export function exceptionProblems(exceptions: readonly ReadinessException[]): string[] {
  return exceptions
    .map((e, i) => (typeof e.reason !== 'string' || e.reason.trim().length < 10 ? `exceptions[${i}] (${e.check} ${e.object}): reason must explain why the finding is acceptable (got ${JSON.stringify(e.reason)})` : undefined))
    .filter((p): p is string => p !== undefined);
}
