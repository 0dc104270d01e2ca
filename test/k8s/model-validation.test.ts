import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Certificate, ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { Chart, Testing } from 'cdk8s';
import { ISTIO_MODELS, type IstioModelName } from '../../lib/k8s/istio-models';
import { emitModel, type KubernetesModel } from '../../lib/k8s/model-object';
import { ModelValidationError, validateModel } from '../../lib/k8s/model-validation';
import { GENERATED_FILE, istioValidatorsSource } from '../../scripts/generate-istio-validators';

/** The @kubernetes-models/validate@3 that the istio models compile their schemas with at run time. */
const istioRuntimeValidate = require(require.resolve('@kubernetes-models/validate', {
  paths: [dirname(require.resolve('@kubernetes-models/istio'))],
})) as { validate: (id: string, data: unknown) => void };

const meta = { name: 'web', namespace: 'team-a' };

/** Per Istio kind: objects that are valid, then objects that break a rule (enum, type, format, nullable $ref…). */
const CASES: Record<IstioModelName, { valid: object[]; invalid: object[] }> = {
  AuthorizationPolicy: {
    valid: [{ metadata: meta, spec: {} }, { metadata: meta, spec: { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['x'] } }] }] } }],
    invalid: [
      { metadata: meta, spec: { action: 'MAYBE' } },
      { metadata: meta, spec: { rules: 'all' } },
      { metadata: meta, spec: { action: 'CUSTOM', provider: { name: 7 } } },
      { metadata: { ...meta, labels: { a: 1 } }, spec: {} },
      { metadata: { ...meta, name: 5 }, spec: {} },
    ],
  },
  DestinationRule: {
    valid: [{ metadata: meta, spec: { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } }],
    invalid: [
      { metadata: meta, spec: { host: '*.local', trafficPolicy: { tls: { mode: 'SOMETIMES' } } } },
      { metadata: meta, spec: { host: 3 } },
      { metadata: meta, spec: { host: 'h', trafficPolicy: { connectionPool: { tcp: { maxConnections: 2 ** 40 } } } } },
      { metadata: meta, spec: { host: 'h', trafficPolicy: { connectionPool: { tcp: { maxConnections: 'lots' } } } } },
    ],
  },
  PeerAuthentication: {
    valid: [{ metadata: meta, spec: { mtls: { mode: 'STRICT' } } }],
    invalid: [
      { metadata: meta, spec: { mtls: { mode: 'LOOSE' } } },
      { metadata: meta, spec: { portLevelMtls: { 9090: { mode: 1 } } } },
      { metadata: { ...meta, generation: 1.5 }, spec: {} },
    ],
  },
  Telemetry: {
    // ajv-formats' int64 lets integers past 2^63 through: the generated validator must agree.
    valid: [{ metadata: meta, spec: { tracing: [{ providers: [{ name: 'otel' }], randomSamplingPercentage: 10 }] } }, { metadata: { ...meta, deletionGracePeriodSeconds: 2 ** 70 }, spec: {} }],
    invalid: [
      { metadata: meta, spec: { tracing: [{ randomSamplingPercentage: 'ten' }] } },
      { metadata: { ...meta, creationTimestamp: 'yesterday' }, spec: {} },
      { metadata: { ...meta, deletionGracePeriodSeconds: 1.5 }, spec: {} },
    ],
  },
};

const construct = (name: IstioModelName, data: object): KubernetesModel => new ISTIO_MODELS[name](data as never) as KubernetesModel;

/** What a check threw (message and errors), or `undefined` when it passed. */
function outcome(check: () => void): { message: string; errors: unknown } | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    const error = e instanceof ModelValidationError ? (e.cause as Error & { errors: unknown }) : (e as Error & { errors: unknown });
    return { message: error.message, errors: error.errors };
  }
}

const chart = (): Chart => new Chart(Testing.app(), 'test');

/** Every .ts file under `dir`. */
function tsFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
}

describe('model validation', () => {
  it('has generated Istio validators that match the installed @kubernetes-models/istio (else run `npm run generate:validators`)', () => {
    expect(istioValidatorsSource() === readFileSync(GENERATED_FILE, 'utf8')).toBe(true);
  });

  it('has a generated validator for every Istio model class lib/ imports', () => {
    const imported = new Set<string>();
    for (const file of tsFiles(join(__dirname, '..', '..', 'lib'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^import \{([^}]*)\} from '@kubernetes-models\/istio\/[^']*';$/gm)) {
        for (const name of m[1].split(',').map((s) => s.trim())) if (name && !name.startsWith('type ')) imported.add(name);
      }
    }
    expect([...imported].sort()).toEqual(Object.keys(ISTIO_MODELS).sort());
  });

  it.each(Object.keys(CASES) as IstioModelName[])('fails a %s exactly as the model compiled at run time does', (name) => {
    for (const data of [...CASES[name].valid, ...CASES[name].invalid]) {
      const model = construct(name, data);
      const generated = outcome(() => validateModel(model, chart(), 'x'));
      expect(generated).toEqual(outcome(() => model.validate()));
    }
    for (const data of CASES[name].invalid) expect(outcome(() => validateModel(construct(name, data), chart(), 'x'))).toBeDefined();
  });

  it('emits Istio models without compiling their schemas at run time', () => {
    const compileAndValidate = jest.spyOn(istioRuntimeValidate, 'validate');
    try {
      const c = chart();
      for (const name of Object.keys(CASES) as IstioModelName[]) emitModel(c, name, construct(name, CASES[name].valid[0]));
      expect(compileAndValidate).not.toHaveBeenCalled();
      expect(Testing.synth(c)).toHaveLength(Object.keys(CASES).length);
    } finally {
      compileAndValidate.mockRestore();
    }
  });

  it('names the object, the construct and the field when an Istio model is invalid', () => {
    expect(() => emitModel(chart(), 'policy', construct('AuthorizationPolicy', { metadata: meta, spec: { action: 'MAYBE' } }))).toThrow(
      'Invalid AuthorizationPolicy/team-a/web (construct test/policy): data/spec/action must be equal to one of the allowed values',
    );
  });

  it('names the object, the construct and the field when a cert-manager or prometheus-operator model is invalid', () => {
    const issuer = new ClusterIssuer({ metadata: { name: 'ca' }, spec: { ca: { secretName: 7 as never } } });
    expect(() => emitModel(chart(), 'issuer', issuer)).toThrow(/^Invalid ClusterIssuer\/ca \(construct test\/issuer\): data\/spec\/ca\/secretName must be string$/);
    const certificate = new Certificate({ metadata: meta, spec: { secretName: 's', issuerRef: { name: 'ca' }, duration: 90 as never } });
    expect(() => emitModel(chart(), 'cert', certificate)).toThrow(/^Invalid Certificate\/team-a\/web \(construct test\/cert\): data\/spec\/duration must be string$/);
    const monitor = new PodMonitor({ metadata: meta, spec: { selector: {}, podMetricsEndpoints: 'all' as never } });
    expect(() => emitModel(chart(), 'monitor', monitor)).toThrow(ModelValidationError);
    expect(() => emitModel(chart(), 'monitor', monitor)).toThrow(/PodMonitor\/team-a\/web .*data\/spec\/podMetricsEndpoints must be array/);
  });
});
