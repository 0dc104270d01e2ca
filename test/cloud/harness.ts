/**
 * Test harness of the cloud components: runs a Pulumi program under mocks and records every
 * registered resource (type, name, parent, inputs, protect, ignoreChanges), sorted.
 */
import * as pulumi from '@pulumi/pulumi';
import { skipDebugCaptures } from '../../lib/plan/debug-captures';
import { applyDefaults } from '../../lib/spec/defaults';
import type { EnvironmentSpec, ResolvedSpec } from '../../lib/spec/types';
import { compareText } from '../../lib/spec/order';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require('@pulumi/pulumi/runtime/settings') as {
  getMonitor(): { registerResource(req: RegisterRequest, cb: (err: unknown, resp?: unknown) => void): void };
  waitForRPCs(): Promise<void>;
};

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean | undefined;
  getIgnorechangesList(): string[];
  getDependenciesList(): string[];
}

/** One registered resource. */
export interface Recorded {
  type: string;
  name: string;
  parent: string | null;
  custom: boolean;
  protect: boolean;
  ignoreChanges: string[];
  dependsOn: string[];
  inputs: Record<string, unknown>;
}

const REGION = 'eu-west-1';

/** Output attributes AWS computes, per type; the components read exactly these. */
function computedState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const physical = String(inputs.name ?? name);
  switch (type) {
    case 'aws:eks/cluster:Cluster':
      return {
        arn: `arn:aws:eks:${REGION}:000000000000:cluster/${physical}`,
        endpoint: `https://${physical.toUpperCase()}.gr7.${REGION}.eks.amazonaws.com`,
        certificateAuthority: { data: 'Q0EtREFUQQ==' },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${REGION}.amazonaws.com/id/EXAMPLE` }] }],
        vpcConfig: { ...(inputs.vpcConfig as object), clusterSecurityGroupId: `sg-${physical}-cluster` },
      };
    case 'aws:iam/role:Role':
      return { arn: `arn:aws:iam::000000000000:role/${physical}`, name: physical };
    case 'aws:iam/openIdConnectProvider:OpenIdConnectProvider':
      return { arn: `arn:aws:iam::000000000000:oidc-provider/${String(inputs.url).replace('https://', '')}` };
    case 'aws:kms/key:Key':
      return { arn: `arn:aws:kms:${REGION}:000000000000:key/${name}`, keyId: name };
    case 'aws:cloudwatch/logGroup:LogGroup':
      return { arn: `arn:aws:logs:${REGION}:000000000000:log-group:${physical}` };
    case 'aws:ec2/launchTemplate:LaunchTemplate':
      return { latestVersion: 1 };
    case 'aws:sqs/queue:Queue':
      return { arn: `arn:aws:sqs:${REGION}:000000000000:${physical}`, url: `https://sqs.${REGION}.amazonaws.com/000000000000/${physical}` };
    default:
      return type.startsWith('aws:') ? { arn: `arn:aws:${type.split(':')[1].split('/')[0]}:${REGION}:000000000000:${name}` } : {};
  }
}

const SIG_KEY = '4dabf18193072939515e22adb298388d';

/** Secrets become '[secret]', resources their names; keys sorted. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (SIG_KEY in obj) return '[secret]';
    if (pulumi.Resource.isInstance(obj)) return '[resource]';
    return Object.fromEntries(
      Object.keys(obj)
        .filter((k) => k !== '__defaults')
        .sort()
        .map((k) => [k, normalize(obj[k])]),
    );
  }
  return value;
}

/** Set the mocks (fresh monitor). Called at the top of each test file and by `plan`. */
export async function useMocks(inputsByKey?: Map<string, Record<string, unknown>>): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = (args.inputs ?? {}) as Record<string, unknown>;
        inputsByKey?.set(`${args.type}::${args.name}`, inputs);
        return { id: `${args.name}-id`, state: { ...inputs, ...computedState(args.type, args.name, inputs) } };
      },
      call: (args) => args.inputs,
    },
    'groundwork',
    'test',
    false,
  );
}

/** Run `program` under fresh mocks and return every registered resource, sorted by type then name. */
export async function plan(program: () => void): Promise<Recorded[]> {
  const inputs = new Map<string, Record<string, unknown>>();
  await useMocks(inputs);
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  const seen: Array<Omit<Recorded, 'inputs' | 'parent' | 'dependsOn'> & { parentUrn: string; deps: string[] }> = [];
  monitor.registerResource = (req, cb) => {
    seen.push({
      type: req.getType(),
      name: req.getName(),
      parentUrn: req.getParent(),
      custom: req.getCustom(),
      protect: req.getProtect() === true,
      ignoreChanges: req.getIgnorechangesList(),
      deps: req.getDependenciesList(),
    });
    register(req, cb);
  };
  // As the offline planner does: the mock monitor never reads Pulumi's per-resource and
  // per-promise stack traces, and under jest each one is source-mapped frame by frame.
  const resume = skipDebugCaptures();
  try {
    program();
    await settings.waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    resume();
  }
  const nameOf = (urn: string): string => urn.split('::').pop()!;
  return seen
    .map(({ parentUrn, deps, ...r }) => ({
      ...r,
      parent: parentUrn ? nameOf(parentUrn) : null,
      dependsOn: [...new Set(deps.map(nameOf))].sort(),
      inputs: normalize(inputs.get(`${r.type}::${r.name}`) ?? {}) as Record<string, unknown>,
    }))
    .sort((a, b) => compareText(a.type, b.type) || compareText(a.name, b.name));
}

/** Resources of one type token. */
export function ofType(resources: readonly Recorded[], type: string): Recorded[] {
  return resources.filter((r) => r.type === type);
}

/** The one resource of `type` named `name`. */
export function one(resources: readonly Recorded[], type: string, name: string): Recorded {
  const found = resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}; have: ${ofType(resources, type).map((r) => r.name).join(', ')}`);
  return found;
}

/** Resolve an Output in a test. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** A stock environment, resolved. */
export function resolved(spec: EnvironmentSpec): ResolvedSpec {
  return applyDefaults(spec);
}

/** The snapshot view: only what a reviewer reads. */
export function snapshotView(resources: readonly Recorded[]): Array<Pick<Recorded, 'type' | 'name' | 'parent' | 'inputs'>> {
  return resources.map(({ type, name, parent, inputs }) => ({ type, name, parent, inputs }));
}
