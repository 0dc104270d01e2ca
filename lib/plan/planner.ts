/**
 * The offline planner: runs the real Pulumi program (the one `stacks/index.ts` runs) under
 * `pulumi.runtime.setMocks` and records every resource registration — type, logical name,
 * parent, inputs (secrets redacted), plus dependencies and protection for the tests.
 */
import * as pulumi from '@pulumi/pulumi';
import { keepStructsInProcess } from './in-process-structs';
import { PlanMocks, type MockAccount } from './mocks';
import { skipDebugCaptures } from './debug-captures';
import { kubeObjectsGroupsInProgress, recordKubeObjectsDirectly } from '../blueprint/kube-objects-group';

/** How a plan runs; the defaults are what `groundwork synth` does. */
export interface PlanOptions {
  /**
   * Register every Kubernetes object through the Pulumi SDK, as `pulumi up` does, instead of
   * recording it directly (same plan, ~10× slower: the tests compare the two). @default false
   */
  kubeObjectsThroughSdk?: boolean;
}

// Internal but stable since Pulumi 3.0: the mock monitor and the RPC queue drain.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require('@pulumi/pulumi/runtime/settings') as {
  getMonitor(): MonitorLike;
  waitForRPCs(): Promise<void>;
};

interface RegisterRequestLike {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface MonitorLike {
  registerResource(req: RegisterRequestLike, cb: (err: unknown, resp?: { getUrn(): string }) => void): void;
}

/** One entry of `cloud.json` (the output contract). */
export interface PlannedResource {
  /** Pulumi type token, e.g. `aws:eks/cluster:Cluster`. */
  type: string;
  /** Logical name the program gave the resource. */
  name: string;
  /** Logical name of the parent component, or null at the stack's top level. */
  parent: string | null;
  /** Inputs as the program passed them: secrets as `[secret]`, resource references by logical name, keys sorted. */
  inputs: Record<string, unknown>;
}

/** What the planner knows beyond the contract; the tests use it. */
export interface PlanRecord extends PlannedResource {
  /** Logical names of explicit dependencies (`dependsOn`), sorted; one array shared by a chart's objects. */
  dependsOn: readonly string[];
  /** `protect: true` was requested. */
  protect: boolean;
  /** A provider-managed resource (false for components). */
  custom: boolean;
}

const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
const RESOURCE_SIG = '5cf8f73096256a8f31e491e813e4eb8e';
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/**
 * Redact secrets, name resource references and sort keys, so output is safe and stable. Inputs
 * recorded without the SDK (lib/blueprint/kube-object-capture.ts) may hold undefined: dropped
 * from objects and null in arrays, as Pulumi serializes them.
 */
function normalize(value: unknown, urnToName: (urn: string) => string): unknown {
  if (value === UNKNOWN) return '[computed]';
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalize(v, urnToName)));
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return '[secret]';
    if (obj[SIG_KEY] === RESOURCE_SIG) return `[resource ${urnToName(String(obj.urn))}]`;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) {
      // `__defaults` is SDK bookkeeping, not an input a reviewer set; undefined is no input at all.
      if (key === '__defaults' || obj[key] === undefined) continue;
      out[key] = normalize(obj[key], urnToName);
    }
    return out;
  }
  return value;
}

interface Pending {
  urn?: string;
  type: string;
  name: string;
  parentUrn: string;
  dependencyUrns: readonly string[];
  protect: boolean;
  custom: boolean;
  rawInputs: Record<string, unknown>;
}

/**
 * Run `program` under mocks for `stack` and return every registered resource, sorted by type
 * then name. Throws if any registration or output failed. Plans run one at a time per process
 * (concurrent calls queue).
 */
export function planProgram(stack: string, account: MockAccount, program: () => void, options: PlanOptions = {}): Promise<PlanRecord[]> {
  // A plan started from inside another plan's program would wait in the queue behind the very
  // plan that started it (or, unqueued, record into it): refuse it instead, naming both.
  const outer = programRunning;
  if (outer !== undefined) {
    return Promise.reject(
      new Error(
        `planProgram("${stack}") was called from inside the program of plan "${outer}": plans cannot nest (Pulumi's mock runtime is one per process); start the second plan after the first resolves`,
      ),
    );
  }
  // Pulumi's mock runtime is one per process: two plans at once would record into each other
  // (`Promise.all([planPlatform(a), planPlatform(b)])` returned one merged plan). Each plan
  // waits for the previous one; a failed plan does not block the next.
  const planned = planQueue.then(() => planProgramNow(stack, account, program, options));
  planQueue = planned.catch(() => undefined);
  return planned;
}

/**
 * The stack whose program is running (its synchronous part), to refuse nested plans. Not an
 * AsyncLocalStorage, which would also see the program's callbacks: on Node 20 one turns on
 * async_hooks for every promise of the process, a tenth of an offline plan. A plan started from a
 * callback queues behind the plan whose program started it.
 */
let programRunning: string | undefined;

/** The tail of the plans requested so far in this process. */
let planQueue: Promise<unknown> = Promise.resolve();

async function planProgramNow(stack: string, account: MockAccount, program: () => void, options: PlanOptions): Promise<PlanRecord[]> {
  await pulumi.runtime.setMocks(new PlanMocks(account), 'groundwork', stack, false);
  const monitor = settings.getMonitor();
  const pending: Pending[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const entry: Pending = {
      type: req.getType(),
      name: req.getName(),
      parentUrn: req.getParent(),
      dependencyUrns: req.getDependenciesList(),
      protect: req.getProtect() === true,
      custom: req.getCustom(),
      rawInputs: req.getObject()?.toJavaScript() ?? {},
    };
    pending.push(entry);
    register(req, (err, resp) => {
      if (!err && resp) entry.urn = resp.getUrn();
      cb(err, resp);
    });
  };

  const failures: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    failures.push(reason);
  };
  process.on('unhandledRejection', onRejection);
  const restoreDebugCaptures = skipDebugCaptures();
  const restoreStructs = keepStructsInProcess();
  const restoreRecording = options.kubeObjectsThroughSdk
    ? () => {}
    : recordKubeObjectsDirectly(({ urn, type, name, parentUrn, dependencyUrns, inputs }) => {
        pending.push({ urn, type, name, parentUrn, dependencyUrns, protect: false, custom: true, rawInputs: inputs });
      });
  try {
    programRunning = stack;
    try {
      program();
    } finally {
      programRunning = undefined;
    }
    // A chart records its objects once its dependencies have registered: wait until no RPC is
    // outstanding and no chart is left, or nothing moves any more (a stall).
    for (let seen = -1; ; ) {
      await settings.waitForRPCs();
      // Outputs settle on microtasks after the last RPC; give rejections a turn to surface.
      await new Promise((resolve) => setImmediate(resolve));
      if (kubeObjectsGroupsInProgress() === 0 || failures.length > 0) break;
      if (pending.length === seen) {
        failures.push(new Error(`${kubeObjectsGroupsInProgress()} manifest chart(s) never recorded their objects: a dependency never completed`));
        break;
      }
      seen = pending.length;
    }
  } finally {
    restoreRecording();
    restoreStructs();
    restoreDebugCaptures();
    process.off('unhandledRejection', onRejection);
  }
  if (failures.length > 0) {
    const message = failures.map((f) => (f instanceof Error ? f.message : String(f))).join('\n');
    throw new Error(`the Pulumi program failed under the offline planner:\n${message}`);
  }

  const names = new Map(pending.filter((p) => p.urn).map((p) => [p.urn!, p.name] as const));
  const urnToName = (urn: string): string => names.get(urn) ?? urn.split('::').pop() ?? urn;
  // Many resources wait for the same URNs — a chart's objects share one list, and at 1000 tenants
  // each tenant's chart and its 15 objects wait for the foundation's ~1000 objects: name and sort
  // a list once and share the result (a copy, or a sort, per resource was quadratic).
  const dependencyNames = new Map<readonly string[], readonly string[]>();
  const sameUrns = new Map<string, { urns: readonly string[]; names: readonly string[] }[]>();
  const dependsOnOf = (urns: readonly string[]): readonly string[] => {
    const known = dependencyNames.get(urns);
    if (known) return known;
    // The SDK hands each registration its own array: look for an equal list already named.
    const bucket = `${urns.length} ${urns[0]} ${urns[urns.length - 1]}`;
    const candidates = sameUrns.get(bucket) ?? [];
    let found = candidates.find((c) => c.urns.every((urn, i) => urn === urns[i]))?.names;
    if (!found) {
      found = [...new Set(urns.map(urnToName))].sort();
      sameUrns.set(bucket, [...candidates, { urns, names: found }]);
    }
    dependencyNames.set(urns, found);
    return found;
  };
  return pending
    .map((p) => ({
      type: p.type,
      name: p.name,
      parent: p.parentUrn && names.has(p.parentUrn) ? names.get(p.parentUrn)! : null,
      inputs: normalize(p.rawInputs, urnToName) as Record<string, unknown>,
      dependsOn: dependsOnOf(p.dependencyUrns),
      protect: p.protect,
      custom: p.custom,
    }))
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The `cloud.json` view of a plan: only the contract's four fields. */
export function toCloudJson(records: readonly PlanRecord[]): PlannedResource[] {
  return records.map(({ type, name, parent, inputs }) => ({ type, name, parent, inputs }));
}
