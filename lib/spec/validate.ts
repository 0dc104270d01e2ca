/**
 * Validation: the schema's shape errors and every cross-field rule, collected together and
 * reported at once. Constructs downstream trust the result and never re-validate.
 */
import type { z } from 'zod';
import { applyDefaults } from './defaults';
import { SpecValidationError, sortIssues, type SpecIssue } from './errors';
import { addonRules, observabilityRules, tenantRules } from './rules/addons-tenants';
import { adminRules, endpointRules, identityRules, networkRules } from './rules/cluster';
import { asRecord, runRules, type Rule } from './rules/context';
import { nodePoolRules } from './rules/node-pools';
import { ADDON_IDS, environmentSpecSchema } from './schema';
import type { EnvironmentSpec, ResolvedSpec } from './types';

/** Every cross-field rule, in no particular order (issues are sorted). */
export const RULES: readonly Rule[] = [identityRules, networkRules, endpointRules, adminRules, nodePoolRules, addonRules, tenantRules, observabilityRules];

/** Result of validation. */
export type ValidationResult = { ok: true; spec: ResolvedSpec } | { ok: false; issues: SpecIssue[] };

/** `spec.nodePools[1].instanceTypes` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), 'spec');
}

interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
}
const defOf = (schema: z.ZodType): ZodDef => (schema as unknown as { def: ZodDef }).def;

/** The schema node at `path` (optional wrappers and arrays stepped through). */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  const unwrap = (): void => {
    while (node && defOf(node).type === 'optional') node = defOf(node).innerType;
  };
  unwrap();
  for (const key of path) {
    if (!node) return undefined;
    const def = defOf(node);
    if (def.type === 'object') node = def.shape?.[String(key)];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'record') node = def.valueType;
    else return undefined;
    unwrap();
  }
  return node;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], input);
}

/** Turn zod's shape issues into issues that name the field, the problem and the fix. */
function shapeIssues(input: unknown, error: z.ZodError): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const node = schemaAt(environmentSpecSchema, issue.path);
        const known = node && defOf(node).shape ? Object.keys(defOf(node).shape!).sort() : [];
        for (const key of issue.keys) {
          if (path === 'spec.addons.overrides') {
            issues.push({ path: `${path}.${key}`, problem: `unknown add-on "${key}"`, fix: `use one of ${ADDON_IDS.join(', ')}` });
            continue;
          }
          issues.push({ path: `${path}.${key}`, problem: `unknown key "${key}"`, fix: `remove it (check the spelling); known keys: ${known.join(', ')}` });
        }
        break;
      }
      case 'invalid_value':
        if (/^spec\.addons\.disabled\[\d+\]$/.test(path)) {
          issues.push({ path, problem: `unknown add-on ${JSON.stringify(valueAt(input, issue.path))}`, fix: `use one of ${issue.values.join(', ')}` });
          break;
        }
        issues.push({
          path,
          problem: `${JSON.stringify(valueAt(input, issue.path))} is not allowed`,
          fix: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        });
        break;
      case 'invalid_type': {
        const value = valueAt(input, issue.path);
        const expected = issue.expected === 'int' ? 'an integer' : `a${/^[aeiou]/.test(issue.expected) ? 'n' : ''} ${issue.expected}`;
        issues.push(
          value === undefined
            ? { path, problem: 'is required', fix: `add ${path.replace(/^spec\./, '')} (${expected})` }
            : { path, problem: `expected ${expected}, got ${JSON.stringify(value)}`, fix: `write ${expected}` },
        );
        break;
      }
      case 'too_small':
        issues.push({ path, problem: `${JSON.stringify(valueAt(input, issue.path))} is too small`, fix: `use a value ≥ ${String(issue.minimum)}` });
        break;
      default:
        issues.push({ path, problem: issue.message, fix: 'see the EnvironmentSpec documentation in lib/spec/types.ts' });
    }
  }
  return issues;
}

/** Validate `input` as an EnvironmentSpec; on success return it with tier defaults applied. */
export function validateSpec(input: unknown): ValidationResult {
  const record = asRecord(input);
  if (!record) {
    return { ok: false, issues: [{ path: 'spec', problem: 'is not an object', fix: 'pass an EnvironmentSpec object (see `groundwork spec --env dev`)' }] };
  }
  const parsed = environmentSpecSchema.safeParse(input);
  const issues = [...(parsed.success ? [] : shapeIssues(input, parsed.error)), ...runRules(record, RULES)];
  if (issues.length > 0 || !parsed.success) return { ok: false, issues: sortIssues(issues) };
  return { ok: true, spec: applyDefaults(parsed.data as EnvironmentSpec) };
}

/** Validate and resolve `input`; throws one SpecValidationError listing every problem. */
export function resolveSpec(input: unknown): ResolvedSpec {
  const result = validateSpec(input);
  if (!result.ok) {
    const name = asRecord(input)?.name;
    throw new SpecValidationError(typeof name === 'string' ? name : '<unnamed>', result.issues);
  }
  return result.spec;
}
