/**
 * Validates custom resources against the openAPIV3Schema of the CRD the platform installs, with
 * ajv (crd-schema.ts says how Kubernetes' structural-schema rules are mapped). Runs in the model
 * worker (object-check.ts), which lives as long as the jest worker process: compiled validators
 * are cached there by CRD name, version and a hash of the version's schema, so a CRD compiles
 * once for all the test files of a process.
 */
import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { RegExpEngine } from 'ajv/dist/types';
import type { CelJob } from './cel';
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
const uncheckedPatterns = new Set<string>();
/** Formats met in compiled CRD schemas that are neither validated nor deliberately ignored. */
const unknownFormats = new Set<string>();

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
    // Structural schemas state `required`/`properties` in junctor branches without a type, and
    // require there properties that only the outer node declares.
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    // The API server defaults before it validates: a required field with a default is fine.
    useDefaults: true,
    formats: { ...VALIDATED_FORMATS, ...Object.fromEntries(Object.keys(IGNORED_FORMATS).map((f) => [f, true])) },
    code: { regExp: regExpEngine, optimize: false },
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
    validate: (schema: { rules: CelRule[]; schemaPath: string }, data: unknown, parent?: unknown, ctx?: { instancePath: string }) => {
      // Keep references: ajv fills in defaults below this node after this keyword has run.
      celCollector?.push({ rules: schema.rules, schemaPath: schema.schemaPath, value: data, schema: parent as JsonSchema, pointer: ctx?.instancePath ?? '' });
      return true;
    },
  });
  return ajv;
}

let ajvInstance: Ajv | undefined;
/** Translations by schema object, compiled validators by CRD name, version and schema hash. */
const translated = new WeakMap<object, JsonSchema | Error>();
const compiled = new Map<string, ValidateFunction | Error>();
const compiledByIdentity = new WeakMap<object, ValidateFunction | Error>();

type CrdVersion = CrdObject['spec']['versions'][number];

/** Formats a schema uses that are neither validated nor deliberately ignored, and its patterns. */
function collectFormatsAndPatterns(schema: unknown, formats: Set<string>, patterns: Set<string>): void {
  if (schema === null || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  if (typeof node.format === 'string' && !(node.format in VALIDATED_FORMATS) && !(node.format in IGNORED_FORMATS)) formats.add(node.format);
  if (typeof node.pattern === 'string') patterns.add(node.pattern);
  for (const value of Object.values(node)) collectFormatsAndPatterns(value, formats, patterns);
}

/** The JSON Schema of one CRD version, or why its openAPIV3Schema is not a valid structural schema. */
export function schemaFor(crd: CrdObject, version: CrdVersion): JsonSchema | Error {
  const raw = version.schema?.openAPIV3Schema;
  if (raw === null || typeof raw !== 'object') return new Error('openAPIV3Schema: missing (a v1 CRD needs one per version)');
  let result = translated.get(raw);
  if (!result) {
    try {
      result = customResourceSchema(raw);
    } catch (err) {
      result = new Error(`openAPIV3Schema${(err as Error).message}`);
    }
    translated.set(raw, result);
  }
  return result;
}

/** The compiled validator of one CRD version (or why it could not be compiled). */
export function validatorFor(crd: CrdObject, version: CrdVersion): ValidateFunction | Error {
  const schema = schemaFor(crd, version);
  if (schema instanceof Error) return new Error(`CustomResourceDefinition ${crd.metadata.name} version ${version.name} is not a valid structural schema: ${schema.message}`);
  const known = compiledByIdentity.get(schema);
  if (known) return known;
  const hash = createHash('sha256').update(JSON.stringify(version.schema?.openAPIV3Schema)).digest('hex').slice(0, 16);
  const key = `${crd.metadata.name}/${version.name}/${hash}`;
  let result = compiled.get(key);
  if (!result) {
    try {
      ajvInstance ??= createAjv();
      // The API server strips formats it does not know; so do we, and compileReport lists them.
      collectFormatsAndPatterns(schema, unknownFormats, new Set());
      for (const format of unknownFormats) if (!ajvInstance.formats[format]) ajvInstance.addFormat(format, true);
      result = ajvInstance.compile(schema);
    } catch (err) {
      result = new Error(`CustomResourceDefinition ${crd.metadata.name} version ${version.name}: schema not compilable: ${(err as Error).message}`);
    }
    compiled.set(key, result);
  }
  compiledByIdentity.set(schema, result);
  return result;
}

/** What compiling every served version of some CRDs meets: errors, unknown formats, patterns left unchecked. */
export interface CompileReport {
  errors: string[];
  unknownFormats: string[];
  uncheckedPatterns: string[];
}

/** Compile every served version of `crds` (see `CompileReport`). */
export function compileReport(crds: readonly CrdObject[]): CompileReport {
  const errors: string[] = [];
  const formats = new Set<string>();
  const patterns = new Set<string>();
  for (const crd of crds) {
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const validate = validatorFor(crd, version);
      if (validate instanceof Error) errors.push(validate.message);
      else collectFormatsAndPatterns(schemaFor(crd, version), formats, patterns);
    }
  }
  // ajv compiles a pattern once per instance, so a pattern is judged by the process-wide set.
  return { errors, unknownFormats: [...formats].sort(), uncheckedPatterns: [...patterns].filter((p) => uncheckedPatterns.has(p)).sort() };
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
