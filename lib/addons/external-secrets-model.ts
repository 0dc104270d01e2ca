/**
 * Typed External Secrets Operator objects (external-secrets.io/v1, the only version chart 2.9
 * serves). @kubernetes-models/external-secrets is not used: its 2.x is ESM-only (node >= 22, does
 * not load under jest here) and 0.5.x predates the v1 API. The shapes below are the subset of the
 * chart's CRDs we emit; test/addons/external-secrets.test.ts validates every object against the
 * CRDs the rendered chart installs, so a misspelt field fails there.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

/** API version of every ESO object we emit. */
export const ESO_API_VERSION = 'external-secrets.io/v1';

/** Object metadata we set. */
export interface EsoMetadata {
  /** Object name. */
  name: string;
  /** Namespace (ExternalSecret only). @default cluster-scoped */
  namespace?: string;
  /** Labels. @default {} */
  labels?: Record<string, string>;
}

/** Which namespaces may use a ClusterSecretStore (any listed condition admits). */
export interface ClusterSecretStoreCondition {
  /** Namespaces by exact name. */
  namespaces?: string[];
}

/** AWS Secrets Manager through the controller's own IRSA credentials (no `auth`: ambient). */
export interface AwsSecretsManagerProvider {
  aws: {
    service: 'SecretsManager';
    /** Region of the secrets. */
    region: string;
    /** Prepended to every remote key read through this store: the store can read only below it. */
    prefix?: string;
  };
}

/** A ClusterSecretStore. */
export interface ClusterSecretStoreProps {
  metadata: EsoMetadata;
  spec: {
    provider: AwsSecretsManagerProvider;
    /** Namespaces allowed to reference the store. */
    conditions: ClusterSecretStoreCondition[];
    /** How often the store's health is re-checked. @default the controller's */
    refreshInterval?: number;
  };
}

/** One key of the target Secret, read from a remote secret (a JSON property of it). */
export interface ExternalSecretData {
  /** Key in the Kubernetes Secret. */
  secretKey: string;
  remoteRef: {
    /** Secrets Manager secret name (below the store's prefix, if any). */
    key: string;
    /** JSON property of the secret value. @default the whole value */
    property?: string;
  };
}

/** An ExternalSecret. */
export interface ExternalSecretProps {
  metadata: EsoMetadata & { namespace: string };
  spec: {
    secretStoreRef: { name: string; kind: 'ClusterSecretStore' };
    /** How often the value is re-read (rotation is picked up within this). */
    refreshInterval: string;
    target: {
      /** Secret name. */
      name: string;
      /** The ExternalSecret owns the Secret (deleted with it, never adopted). */
      creationPolicy: 'Owner';
      /** Keep the last synced Secret when the provider deletes the remote secret. */
      deletionPolicy: 'Retain';
      /** Non-secret labels and literal keys merged next to the fetched data. @default none */
      template?: {
        engineVersion: 'v2';
        mergePolicy: 'Merge';
        metadata?: { labels?: Record<string, string> };
        /** Literal, non-secret keys (e.g. Argo CD's `type` and `url`). */
        data?: Record<string, string>;
      };
    };
    data: ExternalSecretData[];
  };
}

/** Emit a ClusterSecretStore. */
export function emitClusterSecretStore(scope: Construct, id: string, props: ClusterSecretStoreProps): ApiObject {
  return new ApiObject(scope, id, { apiVersion: ESO_API_VERSION, kind: 'ClusterSecretStore', metadata: props.metadata, spec: props.spec });
}

/** Emit an ExternalSecret. */
export function emitExternalSecret(scope: Construct, id: string, props: ExternalSecretProps): ApiObject {
  return new ApiObject(scope, id, { apiVersion: ESO_API_VERSION, kind: 'ExternalSecret', metadata: props.metadata, spec: props.spec });
}
