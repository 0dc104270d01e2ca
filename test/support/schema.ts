/**
 * Validates synthesized objects against the upstream schemas their models compile from:
 * kubernetes-models (core kinds) and @kubernetes-models/{cert-manager,istio,argo-cd,
 * prometheus-operator} (CRDs) in-process, @kubernetes-models/karpenter (ESM-only) in a child
 * `node` process. An apiVersion/kind no package models is an error: nothing escapes validation.
 * Unknown fields are errors too (see strict-fields.cjs).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateStrict } = require('./strict-fields.cjs') as {
  validateStrict: (validate: (this: unknown) => void, data: unknown) => string[];
};

interface ModelClass {
  apiVersion: string;
  kind: string;
  prototype: { validate(this: unknown): void };
}

/** Model packages in lookup order; the first that models an apiVersion/kind wins. */
const IN_PROCESS_PACKAGES = [
  'kubernetes-models',
  '@kubernetes-models/cert-manager',
  '@kubernetes-models/istio',
  '@kubernetes-models/argo-cd',
  '@kubernetes-models/prometheus-operator',
] as const;

/** API groups validated by the ESM-only Karpenter package in a child process. */
const CHILD_PROCESS_API_VERSIONS = new Set(['karpenter.sh/v1', 'karpenter.k8s.aws/v1']);

const registry = new Map<string, ModelClass | null>();

function loadGroupVersion(pkg: string, apiVersion: string): Record<string, unknown> | undefined {
  if (!/^[a-z0-9.-]+(\/[a-z0-9]+)?$/.test(apiVersion)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(`${pkg}/${apiVersion}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The model class for `apiVersion`/`kind`, or undefined when no package models it. */
export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!registry.has(key)) {
    let found: ModelClass | null = null;
    for (const pkg of IN_PROCESS_PACKAGES) {
      const candidate: unknown = loadGroupVersion(pkg, apiVersion)?.[kind];
      const model = candidate as ModelClass;
      if (typeof candidate === 'function' && model.apiVersion === apiVersion && model.kind === kind) {
        found = model;
        break;
      }
    }
    registry.set(key, found);
  }
  return registry.get(key) ?? undefined;
}

function describe(obj: Record<string, unknown>, index: number): string {
  const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
  const where = meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
  return `#${index} ${String(obj.apiVersion)}/${String(obj.kind)} ${where ?? '<unnamed>'}`;
}

function validateInChildProcess(objs: object[]): string[][] {
  const child = spawnSync(process.execPath, [join(__dirname, 'karpenter-validate.mjs')], {
    input: JSON.stringify(objs),
    encoding: 'utf8',
    cwd: join(__dirname, '..', '..'),
    timeout: 60_000,
  });
  if (child.status !== 0) {
    const why = (child.stderr || child.error?.message || `exit ${child.status}`).trim().split('\n')[0];
    return objs.map(() => [`Karpenter validator process failed: ${why}`]);
  }
  return JSON.parse(child.stdout) as string[][];
}

/** Every schema problem of `objs` as `#<index> <apiVersion>/<kind> <name>: <problem>`; empty when all are valid. */
export function validateObjects(objs: object[]): string[] {
  const errors: string[] = [];
  const deferred: Array<{ obj: object; index: number }> = [];
  objs.forEach((raw, index) => {
    const obj = raw as Record<string, unknown>;
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      errors.push(`${describe(obj, index)}: apiVersion and kind must be strings`);
      return;
    }
    if (CHILD_PROCESS_API_VERSIONS.has(apiVersion)) {
      deferred.push({ obj, index });
      return;
    }
    const model = modelFor(apiVersion, kind);
    if (!model) {
      errors.push(`${describe(obj, index)}: unknown apiVersion/kind; no schema package models it, so it cannot be validated`);
      return;
    }
    for (const problem of validateStrict(model.prototype.validate, obj)) errors.push(`${describe(obj, index)}: ${problem}`);
  });
  if (deferred.length > 0) {
    const results = validateInChildProcess(deferred.map((d) => d.obj));
    deferred.forEach(({ obj, index }, i) => {
      for (const problem of results[i] ?? ['no result from the Karpenter validator']) {
        errors.push(`${describe(obj as Record<string, unknown>, index)}: ${problem}`);
      }
    });
  }
  return errors;
}

/** The objects of a multi-document YAML file (empty documents skipped). */
export function loadManifestFile(path: string): object[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  const objects: object[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as unknown;
    if (value !== null && value !== undefined) objects.push(value as object);
  }
  return objects;
}
