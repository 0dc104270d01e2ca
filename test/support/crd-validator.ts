/**
 * Validates custom resources against the openAPIV3Schema of the CRD the platform installs, with
 * ajv (crd-schema.ts says how Kubernetes' structural-schema rules are mapped). Compiled
 * validators are cached per process by CRD name, version and a hash of the version's schema, so
 * the same CRD rendered for several environments compiles once.
 */
import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject, type RegExpEngine, type ValidateFunction } from 'ajv';
import { customResourceSchema, type CelRule, type JsonSchema } from './crd-schema';
import { IGNORED_FORMATS, VALIDATED_FORMATS } from './kube-formats';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toProblem, unique } = require('./ajv-problems.cjs') as {
  toProblem: (err: ErrorObject, root: unknown, unknownFieldReason: string) => Problem;
  unique: (problems: Problem[]) => Problem[];
};

const UNKNOWN_FIELD = 'the CRD schema does not declare it, so the API server would silently prune it';

/** One schema problem: a JSON pointer into the object and what is wrong there. */
export interface Problem {
  pointer: string;
  message: string;
}

/** CEL rules of one schema node and the (defaulted) value they apply to, for cel.ts. */
export interface CelJob {
  rules: CelRule[];
  value: unknown;
  pointer: string;
  schemaPath: string;
}

/** A CustomResourceDefinition as far as we read it. */
export interface CrdObject {
  metadata: { name: string };
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; served: boolean; schema?: { openAPIV3Schema?: unknown } }>;
  };
}

/** Regex patterns of CRDs are Go RE2; the few that JavaScript cannot compile are listed here. */
export const uncheckedPatterns = new Set<string>();
/** Formats met in compiled CRD schemas that are neither validated nor deliberately ignored. */
export const unknownFormats = new Set<string>();

/** Compile a CRD pattern as JavaScript: with the `u` flag, Go's leading `(?i)` as the `i` flag. */
const regExpEngine: RegExpEngine = Object.assign(
  (pattern: string, u: string): { test(s: string): boolean } => {
    const insensitive = pattern.startsWith('(?i)');
    const source = insensitive ? pattern.slice(4) : pattern;
    for (const flags of [u, '']) {
      try {
        return new RegExp(source, insensitive ? `${flags}i` : flags);
      } catch {
        // try the next flag set
      }
    }
    uncheckedPatterns.add(pattern);
    return { test: () => true };
  },
  { code: 'groundwork-regexp' },
);

let celCollector: CelJob[] | undefined;

function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    // Structural schemas state `required`/`properties` in junctor branches without a type.
    strictTypes: false,
    allowUnionTypes: true,
    // The API server defaults before it validates: a required field with a default is fine.
    useDefaults: true,
    formats: { ...VALIDATED_FORMATS, ...Object.fromEntries(Object.keys(IGNORED_FORMATS).map((f) => [f, true])) },
    code: { regExp: regExpEngine },
  });
  ajv.addKeyword({
    keyword: 'k8sListMapKeys',
    type: 'array',
    schemaType: 'array',
    errors: true,
    validate: function listMapKeys(keys: string[], data: unknown[], _schema?: unknown, ctx?: { instancePath: string }) {
      const seen = new Map<string, number>();
      const errors: Partial<ErrorObject>[] = [];
      data.forEach((item, i) => {
        const id = JSON.stringify(keys.map((k) => (item as Record<string, unknown> | null)?.[k]));
        const first = seen.get(id);
        if (first === undefined) seen.set(id, i);
        else errors.push({ instancePath: `${ctx?.instancePath ?? ''}/${i}`, keyword: 'k8sListMapKeys', params: {}, message: `duplicate entry: same ${keys.join('+')} as item ${first} (x-kubernetes-list-type: map)` });
      });
      (listMapKeys as unknown as { errors: unknown }).errors = errors;
      return errors.length === 0;
    },
  });
  ajv.addKeyword({
    keyword: 'k8sCel',
    schemaType: 'object',
    validate: (schema: { rules: CelRule[]; schemaPath: string }, data: unknown, _parent?: unknown, ctx?: { instancePath: string }) => {
      celCollector?.push({ rules: schema.rules, schemaPath: schema.schemaPath, value: data, pointer: ctx?.instancePath ?? '' });
      return true;
    },
  });
  return ajv;
}

let ajvInstance: Ajv | undefined;
const compiled = new Map<string, ValidateFunction | Error>();
const byIdentity = new WeakMap<object, ValidateFunction | Error>();

function collectFormats(schema: unknown): void {
  if (schema === null || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  if (typeof node.format === 'string' && !(node.format in VALIDATED_FORMATS) && !(node.format in IGNORED_FORMATS)) {
    unknownFormats.add(node.format);
  }
  for (const value of Object.values(node)) collectFormats(value);
}

/** The compiled validator of one CRD version (or why it could not be compiled). */
export function validatorFor(crd: CrdObject, version: { name: string; schema?: { openAPIV3Schema?: unknown } }): ValidateFunction | Error {
  const raw = version.schema?.openAPIV3Schema;
  if (raw === undefined) return new Error(`CustomResourceDefinition ${crd.metadata.name} version ${version.name} has no openAPIV3Schema`);
  const identity = raw as object;
  const known = byIdentity.get(identity);
  if (known) return known;
  const hash = createHash('sha256').update(JSON.stringify(raw)).digest('hex').slice(0, 16);
  const key = `${crd.metadata.name}/${version.name}/${hash}`;
  let result = compiled.get(key);
  if (!result) {
    try {
      ajvInstance ??= createAjv();
      const schema: JsonSchema = customResourceSchema(raw);
      // The API server strips formats it does not know; so do we, and unknownFormats lists them.
      collectFormats(schema);
      for (const format of unknownFormats) if (!ajvInstance.formats[format]) ajvInstance.addFormat(format, true);
      result = ajvInstance.compile(schema);
    } catch (err) {
      result = new Error(`CustomResourceDefinition ${crd.metadata.name} version ${version.name}: schema not compilable: ${(err as Error).message}`);
    }
    compiled.set(key, result);
  }
  byIdentity.set(identity, result);
  return result;
}

/** Validate one custom resource with a compiled CRD validator; CEL rules are returned, not run. */
export function validateWith(validate: ValidateFunction, obj: object): { problems: Problem[]; cel: CelJob[] } {
  const data = structuredClone(obj);
  const cel: CelJob[] = [];
  celCollector = cel;
  try {
    validate(data);
  } finally {
    celCollector = undefined;
  }
  const problems = unique((validate.errors ?? []).map((e) => toProblem(e, data, UNKNOWN_FIELD)));
  // CEL rules assume a value of the declared shape; the API server skips them where it is not.
  return { problems, cel: problems.length === 0 ? cel : [] };
}
