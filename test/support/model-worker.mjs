/**
 * Worker thread (see sync-worker.ts) that runs the schema check of schema.ts in plain Node:
 * custom resources against their CRDs (object-check.ts), other objects against the model
 * packages' compiled schemas — kubernetes-models 5.x (Kubernetes 1.36, installed as
 * `kubernetes-models-1.36`) for built-in kinds and the @kubernetes-models/* CRD packages for
 * custom resources whose CRD the platform does not install itself. The model packages and cel-js
 * are ESM, which jest's module system cannot load, and code runs about three times faster here.
 *
 * Request  { type: 'check', objects: WireObject[], crds: WireObject[] }   (object-check.ts: the
 *          whole schema check of schema.ts, CRD validators compiled once for the process)
 * Reply    { ok: true, result: CheckReply }
 * Request  { type: 'compile', objects: WireObject[] }   → crd-validator.ts's compileReport
 * Request  { type: 'yaml', objects: object[], options }   → the `yaml` package's text of each
 *          (the reference the direct YAML writer is compared with: outside jest's sandbox,
 *          where `yaml` runs about three times faster)
 */
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';
import strict from './strict-fields.cjs';

const require = createRequire(import.meta.url);

/** Model packages in lookup order; the first that models an apiVersion/kind wins. */
const PACKAGES = [
  'kubernetes-models-1.36',
  '@kubernetes-models/cert-manager',
  '@kubernetes-models/istio',
  '@kubernetes-models/argo-cd',
  '@kubernetes-models/prometheus-operator',
  '@kubernetes-models/karpenter',
];

const API_VERSION = /^([a-z0-9][a-z0-9.-]*\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/** `${apiVersion}/${kind}` → { pkg, model } or null (cached, including misses). */
const registry = new Map();

async function modelFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (registry.has(key)) return registry.get(key);
  let found = null;
  if (API_VERSION.test(apiVersion) && KIND.test(kind)) {
    for (const pkg of PACKAGES) {
      let mod;
      try {
        mod = await import(`${pkg}/${apiVersion}/${kind}`);
      } catch {
        continue; // this package has no such group/version/kind
      }
      const model = mod[kind];
      if (typeof model === 'function' && model.apiVersion === apiVersion && model.kind === kind) {
        found = { pkg, model };
        break;
      }
    }
  }
  registry.set(key, found);
  return found;
}

async function validateModels(objects) {
  const results = [];
  for (const obj of objects) {
    const found = await modelFor(obj.apiVersion, obj.kind);
    if (!found) results.push({ modeledBy: null, problems: [] });
    else results.push({ modeledBy: found.pkg, problems: strict.validateStrict(found.model.prototype.validate, obj, found.pkg) });
  }
  return results;
}

let objectCheck;
let celModule;
let yamlModule;

/** object-check.ts, loaded through the tests' TypeScript hook (the same swc options as jest's). */
function loadObjectCheck() {
  if (!objectCheck) {
    require('./ts-register.js');
    objectCheck = require('./object-check.ts');
  }
  return objectCheck;
}

async function handle(request) {
  if (request.type === 'check') {
    const check = loadObjectCheck();
    celModule ??= await import('./cel-evaluate.mjs');
    const objects = check.decode(request.objects);
    const crds = check.decode(request.crds);
    return check.checkObjects(objects, crds, { validateModels, evaluateJobs: celModule.evaluateJobs });
  }
  if (request.type === 'compile') {
    const check = loadObjectCheck();
    return check.checkCrdCompilation(check.decode(request.objects));
  }
  if (request.type === 'yaml') {
    yamlModule ??= await import('yaml');
    return request.objects.map((o) => yamlModule.stringify(o, request.options));
  }
  throw new Error(`unknown request type ${JSON.stringify(request.type)}`);
}

const { port, signal } = workerData;
port.on('message', async (request) => {
  let reply;
  try {
    reply = { ok: true, result: await handle(request) };
  } catch (err) {
    reply = { ok: false, error: err && err.stack ? err.stack : String(err) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
