/**
 * Gateway API CRDs, standard channel, as upstream publishes them (`standard-install.yaml`): the
 * Gateway, HTTPRoute, GRPCRoute, TLSRoute, ListenerSet, ReferenceGrant, GatewayClass and
 * BackendTLSPolicy CRDs plus the `safe-upgrades` ValidatingAdmissionPolicy and its binding, which
 * refuse experimental-channel CRDs on top and downgrades below the bundle. No chart publishes
 * them, so the bundle is vendored into the package and delivered as plain manifests, before
 * everything that watches or creates Gateway API objects (istiod's gateway, the AWS Load
 * Balancer Controller, cert-manager and external-dns read the CRDs when they start).
 *
 * Server-side apply only: the HTTPRoute CRD alone is ~250 KB, beyond the 256 KiB
 * `kubectl.kubernetes.io/last-applied-configuration` annotation client-side apply writes. The
 * Pulumi Kubernetes provider applies server-side (`enableServerSideApply`), and Argo CD syncs
 * with `ServerSideApply=true` (upstream's own instruction is `kubectl apply --server-side`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlDocumentsCached } from '../spec/parsed-yaml-cache';
import { GATEWAY_API_VERSION } from '../spec/versions';
import type { ManifestAddon, PlainObject } from './addon';

/** File name of the vendored bundle: `gateway-api-<version>-standard.yaml`, byte for byte upstream's. */
export const GATEWAY_API_CRD_FILE = `gateway-api-${GATEWAY_API_VERSION.version}-standard.yaml`;

/**
 * Where the bundle is: next to this file under ts-node/jest (lib/addons/crds/), and under the
 * package's lib/addons/crds/ when running compiled (build/lib/addons/ → ../../../lib/addons/crds/),
 * which package.json `files` ships. `fromDir` is the directory of this module.
 */
export function gatewayApiCrdPath(fromDir: string = __dirname): string {
  const candidates = [join(fromDir, 'crds', GATEWAY_API_CRD_FILE), join(fromDir, '..', '..', '..', 'lib', 'addons', 'crds', GATEWAY_API_CRD_FILE)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`Gateway API CRD bundle ${GATEWAY_API_CRD_FILE} not found (looked in ${candidates.join(', ')}); the package is incomplete`);
  return found;
}

/** The parsed bundle as JSON text: each caller gets its own objects from one `JSON.parse` (~1 MB). */
let parsedJson: string | undefined;

/** The bundle's objects in file order (CRDs first, then the policy and its binding); a fresh copy per call. */
export function gatewayApiCrdObjects(): PlainObject[] {
  parsedJson ??= JSON.stringify(parseYamlDocumentsCached<PlainObject>(readFileSync(gatewayApiCrdPath(), 'utf8'), GATEWAY_API_CRD_FILE));
  return JSON.parse(parsedJson) as PlainObject[];
}

export const gatewayApiCrds: ManifestAddon = {
  id: 'gateway-api-crds',
  description: `Gateway API CRDs ${GATEWAY_API_VERSION.version} (standard channel) and their safe-upgrades admission policy`,
  manifests: {
    version: GATEWAY_API_VERSION,
    source: `lib/addons/crds/${GATEWAY_API_CRD_FILE} (kubernetes-sigs/gateway-api ${GATEWAY_API_VERSION.version} standard-install.yaml)`,
    objects: gatewayApiCrdObjects,
    // Removing the add-on must not delete every tenant's HTTPRoutes with the CRDs.
    keepOnRemoval: true,
  },
  // Cluster-scoped objects only; kube-system so no platform namespace is created for them.
  namespace: 'kube-system',
  placement: 'none',
  dependsOn: () => [],
  // The edge is made of Gateway API objects; ingress-nginx needs none of them.
  isSelected: (spec) => spec.addons.ingress === 'gateway-api',
};
