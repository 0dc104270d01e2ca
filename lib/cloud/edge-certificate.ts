/**
 * The ACM certificate of the ALB edge: `*.<domain>`, validated through a DNS record in the
 * environment's hosted zone and renewed by ACM on its own. An ALB cannot serve a Kubernetes
 * Secret, so without the mesh the edge's TLS comes from here; the AWS Load Balancer Controller
 * finds it by the Gateway listener's hostname (certificate discovery), so no ARN has to be
 * written into the manifests, which stay the same for Pulumi and GitOps delivery.
 */
import * as pulumi from '@pulumi/pulumi';
import * as acm from '@pulumi/aws/acm';
import * as route53 from '@pulumi/aws/route53';
import type { ResolvedSpec } from '../spec/types';
import { cloudTags } from './tags';

/** Inputs of `EdgeCertificate`. */
export interface EdgeCertificateArgs {
  /** The validated environment: its domain, hosted zone and tags (validation guarantees both are set). */
  spec: ResolvedSpec;
}

/** An issued (validated) ACM certificate for `*.<domain>`. */
export class EdgeCertificate extends pulumi.ComponentResource {
  /** ARN of the certificate, once ACM has issued it. */
  readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: EdgeCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:cloud:EdgeCertificate', name, {}, opts);
    const { spec } = args;
    if (!spec.domain || !spec.addons.hostedZoneId) {
      throw new Error('EdgeCertificate needs spec.domain and spec.addons.hostedZoneId (validated earlier)');
    }
    const certificate = new acm.Certificate(
      `${name}-certificate`,
      {
        domainName: `*.${spec.domain}`,
        validationMethod: 'DNS',
        tags: cloudTags(spec, { Name: `${spec.name}-edge` }),
      },
      // A replacement is issued before the old one goes, so the listener is never left without one.
      { parent: this, deleteBeforeReplace: false },
    );
    // One name, one record: ACM asks for a single CNAME per domain name, known once ACM answers.
    const option = certificate.domainValidationOptions.apply((options) => {
      if (!options?.[0]) throw new Error(`ACM returned no DNS validation record for *.${spec.domain}`);
      return options[0];
    });
    const record = new route53.Record(
      `${name}-validation-record`,
      {
        zoneId: spec.addons.hostedZoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        // The record outlives certificate replacements with the same name: take it over, never fail on it.
        allowOverwrite: true,
      },
      { parent: this },
    );
    const validation = new acm.CertificateValidation(
      `${name}-validation`,
      { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
      { parent: this },
    );
    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ certificateArn: this.certificateArn });
  }
}
