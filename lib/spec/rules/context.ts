/**
 * What a validation rule gets: the raw input (rules read it defensively, so shape errors and
 * rule errors are reported together) and a sink for issues.
 */
import { parseCidr, type Cidr } from '../cidr';
import type { SpecIssue } from '../errors';

/** Raw, unvalidated input viewed as a loose record. */
export type Raw = Record<string, unknown>;

/** A rule reports problems through `report`. */
export interface RuleContext {
  input: Raw;
  report(path: string, problem: string, fix: string): void;
}

/** A cross-field rule. */
export type Rule = (ctx: RuleContext) => void;

/** Collect issues from `rules` over `input`. */
export function runRules(input: Raw, rules: readonly Rule[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const ctx: RuleContext = { input, report: (path, problem, fix) => issues.push({ path, problem, fix }) };
  for (const rule of rules) rule(ctx);
  return issues;
}

/** `value` as a record, or undefined. */
export function asRecord(value: unknown): Raw | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
}

/** `value` as an array, or []. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` if it is a string. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` if it is a finite number. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Lowercase DNS label (RFC 1123), as Kubernetes and our resource names need. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Values that occur more than once. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup].sort();
}

/** Parse a CIDR field, reporting what is wrong with it. */
export function cidrField(report: (p: string, problem: string, fix: string) => void, path: string, value: unknown): Cidr | undefined {
  const text = asString(value);
  if (text === undefined) return undefined;
  const parsed = parseCidr(text);
  if (parsed.ok) return parsed.cidr;
  report(path, parsed.problem, parsed.suggestion ? `use ${parsed.suggestion}` : 'write an IPv4 block such as 10.0.0.0/16');
  return undefined;
}
