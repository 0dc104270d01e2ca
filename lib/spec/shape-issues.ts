/**
 * zod's shape errors turned into issues a person can act on: the field, what is wrong with the
 * value they wrote, and what to write instead. zod's own messages ("Invalid input", "undefined is
 * not allowed") name neither the field nor the fix, so they are only the last resort.
 */
import type { z } from 'zod';
import type { SpecIssue } from './errors';
import { formatPath } from './field-path';
import { describeValue } from './printable';
import { defOf, unwrapOptional } from './zod-introspection';
import { environmentSpecSchema } from './schema';

type ZodIssue = z.core.$ZodIssue;

/** Where to look when no specific fix exists: both reach a user of the npm package. */
export const SPEC_REFERENCE = 'see "The environment spec" in the README, or start from the output of `groundwork spec --env dev`';

export { formatPath };

/** The schema node at `path` (optional wrappers and arrays stepped through). */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = unwrapOptional(schema);
  for (const key of path) {
    if (!node) return undefined;
    const def = defOf(node);
    if (def.type === 'object') node = def.shape?.[String(key)];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'record') node = def.valueType;
    else return undefined;
    node = unwrapOptional(node);
  }
  return node;
}

/** zod reports a non-finite number for an integer field as "expected number": the fix should say integer. */
function expectedAt(path: readonly PropertyKey[], expected: string): string {
  const node = expected === 'number' ? schemaAt(environmentSpecSchema, path) : undefined;
  const integer = node !== undefined && (defOf(node).checks ?? []).some((c) => /int/.test(c.def?.format ?? ''));
  return article(integer ? 'int' : expected);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
}

/** `a string`, `an integer`, `an object` for zod's expected type names. */
function article(expected: string): string {
  const noun = expected === 'int' ? 'integer' : expected === 'record' ? 'object' : expected;
  return `a${/^[aeiou]/.test(noun) ? 'n' : ''} ${noun}`;
}

/** JSON numbers past ±1.8e308 parse to ±Infinity; a .ts spec can compute NaN. Say which. */
function nonFiniteProblem(value: number): string {
  if (Number.isNaN(value)) return 'is NaN (not a number), e.g. the result of 0/0 or Number("x")';
  return `is too large to be a number (${value < 0 ? '-' : ''}1e309 and beyond become ${String(value)})`;
}

function plural(n: number | bigint, word: string): string {
  return `${String(n)} ${word}${Number(n) === 1 ? '' : 's'}`;
}

function tooSmall(issue: Extract<ZodIssue, { code: 'too_small' }>, value: unknown, path: string): SpecIssue {
  const bound = `${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}`;
  if (typeof value === 'string') {
    return Number(issue.minimum) <= 1
      ? { path, problem: 'must not be empty', fix: `write a value (${SPEC_REFERENCE})` }
      : { path, problem: `is ${plural(value.length, 'character')} long (at least ${String(issue.minimum)})`, fix: `write at least ${plural(issue.minimum, 'character')}` };
  }
  if (Array.isArray(value)) {
    return { path, problem: `has ${plural(value.length, 'item')} (at least ${String(issue.minimum)} needed)`, fix: `list at least ${plural(issue.minimum, 'item')}` };
  }
  return { path, problem: `${describeValue(value)} is too small`, fix: `use a value ${bound}` };
}

function tooBig(issue: Extract<ZodIssue, { code: 'too_big' }>, value: unknown, path: string): SpecIssue {
  const bound = `${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}`;
  if (typeof value === 'string') {
    return { path, problem: `is ${plural(value.length, 'character')} long (at most ${String(issue.maximum)})`, fix: `shorten it to ${plural(issue.maximum, 'character')} or fewer` };
  }
  if (Array.isArray(value)) {
    return { path, problem: `has ${plural(value.length, 'item')} (at most ${String(issue.maximum)} allowed)`, fix: `keep at most ${plural(issue.maximum, 'item')}` };
  }
  return { path, problem: `${describeValue(value)} is too large`, fix: `use a value ${bound}` };
}

/**
 * A union's branches each fail; the branch the value has the right type for is the one the user
 * meant, so its issues are the useful ones. Otherwise say which types would do.
 */
function unionIssues(input: unknown, issue: Extract<ZodIssue, { code: 'invalid_union' }>, path: string): SpecIssue[] {
  const wrongType = (branch: readonly ZodIssue[]): boolean => branch.some((i) => i.code === 'invalid_type' && i.path.length === 0);
  const meant = issue.errors.filter((branch) => !wrongType(branch));
  if (meant.length === 1) {
    const nested = meant[0].map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as ZodIssue);
    return nested.flatMap((i) => issueFor(input, i));
  }
  const expected = [...new Set(issue.errors.flat().flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [article(i.expected)] : [])))];
  const value = describeValue(valueAt(input, issue.path));
  return [{ path, problem: `${value} matches none of the forms this field takes`, fix: expected.length > 0 ? `write ${expected.join(' or ')} (${SPEC_REFERENCE})` : SPEC_REFERENCE }];
}

function unknownKeys(issue: Extract<ZodIssue, { code: 'unrecognized_keys' }>, path: string): SpecIssue[] {
  const node = schemaAt(environmentSpecSchema, issue.path);
  const known = node && defOf(node).shape ? Object.keys(defOf(node).shape!).sort() : [];
  return issue.keys.map((key) => ({ path: `${path}.${key}`, problem: `unknown key "${key}"`, fix: `remove it (check the spelling); known keys: ${known.join(', ')}` }));
}

/** The issues one zod issue stands for. */
function issueFor(input: unknown, issue: ZodIssue): SpecIssue[] {
  const path = formatPath(issue.path);
  const value = valueAt(input, issue.path);
  const field = path.replace(/^spec\./, '');
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownKeys(issue, path);
    case 'invalid_value': {
      const allowed = issue.values.map((v) => describeValue(v)).join(', ');
      // zod reports a missing enum field as the value `undefined` not being one of the options.
      if (value === undefined) return [{ path, problem: 'is required', fix: `add ${field} (one of ${allowed})` }];
      return [{ path, problem: `${describeValue(value)} is not allowed`, fix: `use one of ${allowed}` }];
    }
    case 'invalid_type': {
      const expected = expectedAt(issue.path, issue.expected);
      if (value === undefined) return [{ path, problem: 'is required', fix: `add ${field} (${expected})` }];
      if (typeof value === 'number' && !Number.isFinite(value)) return [{ path, problem: nonFiniteProblem(value), fix: `write ${expected}` }];
      return [{ path, problem: `expected ${expected}, got ${describeValue(value)}`, fix: `write ${expected}` }];
    }
    case 'too_small':
      return [tooSmall(issue, value, path)];
    case 'too_big':
      return [tooBig(issue, value, path)];
    case 'invalid_union':
      return unionIssues(input, issue, path);
    case 'invalid_format': {
      const form = issue.format === 'regex' && issue.pattern ? `does not match ${issue.pattern}` : `is not a valid ${issue.format}`;
      return [{ path, problem: `${describeValue(value)} ${form}`, fix: SPEC_REFERENCE }];
    }
    case 'not_multiple_of':
      return [{ path, problem: `${describeValue(value)} is not a multiple of ${String(issue.divisor)}`, fix: `use a multiple of ${String(issue.divisor)}` }];
    case 'invalid_key':
      return [{ path, problem: 'has a key that is not allowed', fix: SPEC_REFERENCE }];
    default:
      // custom refinements carry our own message; invalid_element applies to types the spec does not use.
      return [{ path, problem: issue.message, fix: SPEC_REFERENCE }];
  }
}

/** Turn zod's shape issues into issues that name the field, the problem and the fix. */
export function shapeIssues(input: unknown, error: z.ZodError): SpecIssue[] {
  return error.issues.flatMap((issue) => issueFor(input, issue as ZodIssue));
}
