/**
 * `@kubernetes-models/istio` ships its own, older `@kubernetes-models/validate`, whose index
 * builds a full ajv instance with every format when it loads (~65 files). Each Istio model class
 * requires it at load time but only registers its schema and validates when a caller validates
 * the model; the platform checks its Istio objects with validators generated ahead of time
 * (lib/k8s/istio-validators.generated.ts), so a synth never does. Importing this module first
 * puts a stand-in for that index in Node's module cache that loads the real one on first read
 * (the mechanism of lib/plan/lazy-pulumi-modules.ts): whoever validates an Istio model gets
 * exactly what they would have got. Only the CLI imports it (lib/cli/main.ts).
 */
import { esModuleOf, installStandIn, namespaceProxy, realLoader, resolveFromPackage } from '../plan/lazy-pulumi-modules';

/** The validation index the Istio models resolve, or undefined when it cannot be resolved from here. */
export const istioValidationIndex = (): string | undefined => resolveFromPackage('@kubernetes-models/istio', '@kubernetes-models/validate');

/** Install the stand-in; a no-op when the index is not resolvable, already loaded, or the module cache cannot be written. */
export function deferIstioValidation(): void {
  const resolved = istioValidationIndex();
  if (!resolved || require.cache[resolved]) return;
  installStandIn(resolved, namespaceProxy(realLoader(resolved), esModuleOf(resolved)));
}

deferIstioValidation();
