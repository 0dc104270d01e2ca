/**
 * Child-process validator for Karpenter objects. @kubernetes-models/karpenter is ESM-only (its
 * exports have only an `import` condition), which jest's CommonJS module system cannot load; plain
 * `node` can, through import(). Reads a JSON array of objects on stdin, writes a JSON array of
 * problem lists (one per object) on stdout.
 */
import { readFileSync } from 'node:fs';
import strict from './strict-fields.cjs';

const GROUPS = {
  'karpenter.sh/v1': '@kubernetes-models/karpenter/karpenter.sh/v1',
  'karpenter.k8s.aws/v1': '@kubernetes-models/karpenter/karpenter.k8s.aws/v1',
};

const objects = JSON.parse(readFileSync(0, 'utf8'));
const modules = {};
const results = [];
for (const obj of objects) {
  const path = GROUPS[obj.apiVersion];
  if (!path) {
    results.push([`unknown apiVersion "${obj.apiVersion}" for Karpenter`]);
    continue;
  }
  modules[path] ??= await import(path);
  const Model = modules[path][obj.kind];
  if (typeof Model !== 'function' || Model.kind !== obj.kind || Model.apiVersion !== obj.apiVersion) {
    results.push([`no model for ${obj.apiVersion}/${obj.kind}`]);
    continue;
  }
  results.push(strict.validateStrict(Model.prototype.validate, obj));
}
process.stdout.write(JSON.stringify(results));
