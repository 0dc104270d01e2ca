/**
 * The readiness report as files (`dist/<env>/readiness.json`, `readiness.md`): deterministic —
 * keys sorted, findings sorted, no timestamps — so two runs on the same spec give the same bytes.
 */
import type { ReadinessResult } from './check-readiness';
import { READINESS_AREAS, type ReportedFinding } from './types';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as object).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** `readiness.json`: the whole result, keys sorted, two-space indent, trailing newline. */
export function renderReadinessJson(result: ReadinessResult): string {
  return `${JSON.stringify(sortKeys(result), null, 2)}\n`;
}

const AREA_TITLES: Record<string, string> = {
  'pod-security': 'Pod Security admission',
  availability: 'Availability',
  resources: 'Requests and limits',
  images: 'Pinned images',
  network: 'Network flows',
};

/** Escape a value for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function findingRows(findings: readonly ReportedFinding[]): string[] {
  return [
    '| status | check | object | container | problem | fix |',
    '|---|---|---|---|---|---|',
    ...findings.map((f) =>
      `| ${f.excepted !== undefined ? `excepted: ${cell(f.excepted)}` : 'FAIL'} | \`${f.check}\` | \`${cell(f.object)}\` | ${f.container ? `\`${cell(f.container)}\`` : ''} | ${cell(f.problem)} | ${cell(f.fix)} |`,
    ),
  ];
}

/** `readiness.md`: a summary, one section per area, the flow table and the notes. */
export function renderReadinessMarkdown(result: ReadinessResult): string {
  const lines: string[] = [
    `# Readiness: ${result.environment}`,
    '',
    `${result.failures === 0 ? 'PASS' : 'FAIL'}: ${result.failures} failing finding${result.failures === 1 ? '' : 's'}, ${result.excepted} excepted.`,
    '',
    `Availability requirements: ≥ ${result.requirements.minReplicas} replicas; disruption budget ${result.requirements.disruptionBudget ? 'required' : 'not required'}; zone spread ${result.requirements.zoneSpread ? 'required' : result.requirements.zoneSpreadPreferred ? 'preferred (ScheduleAnyway or harder)' : 'not required'}; system pool ${result.requirements.systemPool ? 'required' : 'not required'}.`,
    '',
  ];
  for (const area of READINESS_AREAS) {
    const findings = result.areas[area];
    lines.push(`## ${AREA_TITLES[area]}`, '');
    if (findings.length === 0) lines.push('No findings.', '');
    else lines.push(...findingRows(findings), '');
  }
  if (result.unusedExceptions.length) {
    lines.push('## Unused exceptions', '', 'These match no finding; remove them so they cannot hide a future regression.', '');
    for (const e of result.unusedExceptions) lines.push(`- \`${e.check}\` \`${e.object}\`${e.container ? ` \`${e.container}\`` : ''}: ${e.reason}`);
    lines.push('');
  }
  lines.push('## Mesh injection', '');
  if (result.injected.length === 0) lines.push('No pod is injected.', '');
  else lines.push(...result.injected.map((i) => `- \`${i.owner}\`: ${i.reason}`), '');
  lines.push('## Expected flows', '', '| flow | purpose | verdict |', '|---|---|---|');
  for (const f of result.flows) {
    lines.push(`| ${cell(f.name)} | ${cell(f.purpose)} | ${f.allowed ? `allowed (${cell(f.evidence.join('; '))})` : `BLOCKED at ${f.blocked.map((b) => b.layer).join(', ')}`} |`);
  }
  lines.push('', '## Notes', '', ...result.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}
