/**
 * Turns ajv error objects into `{ pointer, message }` problems with one wording for every
 * validator we run: the model packages' precompiled ajv code (strict-fields.cjs, in the worker)
 * and our ajv compilation of CRD schemas (crd-validator.ts, under jest). CommonJS so both the
 * ESM worker and ts-jest load it.
 */
'use strict';

function escape(key) {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function valueAt(root, pointer) {
  let value = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

/**
 * @param {{ keyword: string, instancePath: string, params: Record<string, unknown>, message?: string }} err
 * @param {unknown} root the validated object (to tell a null value from a wrong type)
 * @param {string} unknownFieldReason why an undeclared field matters for this kind of schema
 * @returns {{ pointer: string, message: string }}
 */
function toProblem(err, root, unknownFieldReason) {
  const at = err.instancePath || '';
  switch (err.keyword) {
    case 'additionalProperties':
      return { pointer: `${at}/${escape(err.params.additionalProperty)}`, message: `unknown field: ${unknownFieldReason}` };
    case 'required':
      return { pointer: `${at}/${escape(err.params.missingProperty)}`, message: 'required field is missing' };
    case 'enum':
      return { pointer: at, message: `must be one of ${err.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
    case 'type':
      if (valueAt(root, at) === null) return { pointer: at, message: `is null, but the field is not nullable (${err.message})` };
      return { pointer: at, message: err.message || 'has the wrong type' };
    default:
      return { pointer: at, message: err.message || `fails ${err.keyword}` };
  }
}

/** Problems without repeats (ajv reports some errors once per failed branch). */
function unique(problems) {
  return [...new Map(problems.map((p) => [`${p.pointer}\0${p.message}`, p])).values()];
}

module.exports = { toProblem, unique };
