/**
 * Typed Karpenter v1 objects (karpenter.sh/v1 NodePool, karpenter.k8s.aws/v1 EC2NodeClass).
 * No CommonJS model package exists for them, so the field names here follow the v1 CRDs
 * exactly; the tests validate the emitted objects against those CRD schemas
 * (@kubernetes-models/karpenter).
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

/** A Kubernetes node selector requirement. */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** karpenter.k8s.aws/v1 EC2NodeClass spec (the fields we set). */
export interface Ec2NodeClassSpec {
  role: string;
  amiSelectorTerms: Array<{ alias: string }>;
  subnetSelectorTerms: Array<{ tags: Record<string, string> }>;
  securityGroupSelectorTerms: Array<{ tags: Record<string, string> }>;
  metadataOptions: { httpEndpoint: 'enabled' | 'disabled'; httpProtocolIPv6: 'enabled' | 'disabled'; httpPutResponseHopLimit: number; httpTokens: 'required' | 'optional' };
  blockDeviceMappings: Array<{ deviceName: string; ebs: { volumeSize: string; volumeType: string; encrypted: boolean; deleteOnTermination: boolean } }>;
  tags: Record<string, string>;
}

/** karpenter.sh/v1 NodePool spec (the fields we set). */
export interface KarpenterNodePoolSpec {
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      nodeClassRef: { group: 'karpenter.k8s.aws'; kind: 'EC2NodeClass'; name: string };
      requirements: NodeSelectorRequirement[];
      expireAfter: string;
      terminationGracePeriod: string;
    };
  };
  disruption: {
    consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
    consolidateAfter: string;
    budgets: Array<{ nodes: string; reasons?: Array<'Empty' | 'Drifted' | 'Underutilized'>; schedule?: string; duration?: string }>;
  };
  limits: { cpu: string; memory: string };
}

/** Emit an EC2NodeClass. */
export function ec2NodeClass(scope: Construct, id: string, name: string, spec: Ec2NodeClassSpec): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', metadata: { name }, spec });
}

/** Emit a NodePool. */
export function karpenterNodePool(scope: Construct, id: string, name: string, spec: KarpenterNodePoolSpec): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name }, spec });
}
