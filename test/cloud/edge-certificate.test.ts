import { EdgeCertificate } from '../../lib/cloud/edge-certificate';
import { planProgram, type PlanRecord } from '../../lib/plan/planner';
import { applyDefaults } from '../../lib/spec/defaults';
import { prodMeshOff } from '../support/variants';

const spec = applyDefaults(prodMeshOff);
let plan: PlanRecord[];
beforeAll(async () => {
  plan = await planProgram('edge', { region: spec.region, accountId: spec.accountId }, () => {
    new EdgeCertificate('prod-edge', { spec });
  });
});
const one = (type: string) => {
  const found = plan.filter((r) => r.type === type);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('EdgeCertificate', () => {
  it('requests *.<domain> from ACM, validated over DNS, tagged for the environment', () => {
    const cert = one('aws:acm/certificate:Certificate');
    expect(cert.inputs).toMatchObject({ domainName: '*.prod.groundwork.example.com', validationMethod: 'DNS' });
    expect(cert.inputs.tags).toMatchObject({ 'groundwork.dev/environment': 'prod', 'managed-by': 'groundwork', Name: 'prod-edge' });
    expect(cert.parent).toBe('prod-edge');
  });

  it("writes ACM's validation record into the environment's hosted zone and waits for issuance", () => {
    const record = one('aws:route53/record:Record');
    expect(record.inputs).toMatchObject({ zoneId: spec.addons.hostedZoneId, type: 'CNAME', ttl: 300, allowOverwrite: true });
    expect(String(record.inputs.name)).toMatch(/\.prod\.groundwork\.example\.com\.$/);
    const validation = one('aws:acm/certificateValidation:CertificateValidation');
    expect(validation.inputs.validationRecordFqdns).toEqual([String(record.inputs.name).replace(/\.$/, '')]);
    // Issued only once the record exists: the validation waits for the certificate and its record.
    expect(validation.dependsOn).toEqual(['prod-edge-certificate', 'prod-edge-validation-record']);
  });

  it('refuses a spec without a domain or hosted zone (validation guarantees both for the ALB edge)', () => {
    expect(() => new EdgeCertificate('x', { spec: { ...spec, domain: undefined } })).toThrow(/needs spec\.domain and spec\.addons\.hostedZoneId/);
  });
});
