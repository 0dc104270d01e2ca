/**
 * Runs a kubernetes-models validate function and also reports fields the schema does not define.
 *
 * The packages ship their schemas compiled to ajv code, and the upstream OpenAPI/CRD schemas they
 * come from do not say `additionalProperties: false`, so an unknown field passes — yet the API
 * server (strict field validation) or a CRD's structural pruning drops or rejects it. The compiled
 * validator reads every property its schema declares; running it on recording proxies tells us
 * exactly which fields the schema knows. Objects whose properties it never reads are free-form
 * (`additionalProperties` maps iterate all keys; `x-kubernetes-preserve-unknown-fields` reads none)
 * and are left alone.
 *
 * Runs in model-worker.mjs (the model packages are ESM or load from ESM; see sync-worker.ts).
 */
'use strict';

const { toProblem, unique } = require('./ajv-problems.cjs');

/**
 * Property names the compiled validators never read although the upstream schema defines them:
 * the kubernetes-models generator strips every schema key named `description` (documentation), and
 * with it real properties of that name (PriorityClass.description, AppProject.spec.description…);
 * it also strips keys starting with `x-` (OpenAPI vendor extensions), and with them the
 * `x-kubernetes-*` properties of a CRD's JSONSchemaProps. crd-schema.ts checks those properly
 * when it translates each installed CRD (value types, allowed values, where they may appear).
 */
const ALWAYS_KNOWN = new Set([
  'description',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
]);

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * @param {(this: unknown) => void} validateMethod a model class's `prototype.validate` (throws on schema errors)
 * @param {unknown} data the object as synthesized
 * @param {string} schemaName the package whose schema this is, for the unknown-field message
 * @returns {Array<{ pointer: string, message: string }>} problems
 */
function validateStrict(validateMethod, data, schemaName) {
  const reads = new WeakMap();
  const proxies = new WeakMap();
  const wrap = (value) => {
    if (value === null || typeof value !== 'object') return value;
    const cached = proxies.get(value);
    if (cached) return cached;
    const seen = new Set();
    reads.set(value, seen);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        if (typeof key === 'string') seen.add(key);
        return wrap(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        if (typeof key === 'string') seen.add(key);
        return Reflect.has(target, key);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };

  const unknownField = `not in the ${schemaName} schema, so the API server would drop it (or reject it under strict field validation)`;
  const problems = [];
  try {
    validateMethod.call(wrap(data));
  } catch (err) {
    if (err && Array.isArray(err.errors)) {
      for (const e of err.errors) problems.push(toProblem(e, data, unknownField));
    } else {
      problems.push({ pointer: '', message: String(err && err.message ? err.message : err) });
    }
  }

  const walk = (value, pointer) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${pointer}/${i}`));
      return;
    }
    if (!isPlainObject(value)) return;
    const seen = reads.get(value);
    const declaresProperties = seen !== undefined && seen.size > 0;
    for (const key of Object.keys(value).sort()) {
      if (declaresProperties && !seen.has(key) && !ALWAYS_KNOWN.has(key)) {
        problems.push({ pointer: `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `unknown field: ${unknownField}` });
        continue;
      }
      walk(value[key], `${pointer}/${key}`);
    }
  };
  walk(data, '');
  return unique(problems);
}

module.exports = { validateStrict };
