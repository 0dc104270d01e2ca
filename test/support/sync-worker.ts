/**
 * Synchronous calls into a worker thread that runs plain Node ESM.
 *
 * The schema packages we validate with (kubernetes-models 5.x for Kubernetes 1.36,
 * @kubernetes-models/karpenter, @marcbachmann/cel-js) are ESM-only; jest's CommonJS module
 * system refuses to load them, even through `createRequire`. A worker thread is outside jest's
 * module registry, so it imports them natively. The callers (`expect(validateObjects(...))`) are
 * synchronous, so the main thread blocks on an `Atomics.wait` until the worker answers.
 *
 * A worker serves every test file of its jest worker process: jest loads this module afresh for
 * each file, so the connections hang off the `node:worker_threads` module object, which jest
 * shares across files as it shares every core module. The worker keeps its modules and compiled
 * validators for all of them, instead of one worker (and one compilation of everything) per file.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** What the worker posts back for each request. */
type Reply<T> = { ok: true; result: T } | { ok: false; error: string };

interface Connection {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  /** What callers keep about this worker's state (e.g. what it was already sent), by name. */
  state: Map<string, unknown>;
}

const PROCESS_WIDE = Symbol.for('groundwork.test.sync-worker.connections');
// The module object itself (a namespace import would be a per-file interop copy).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const holder = require('node:worker_threads') as { [PROCESS_WIDE]?: Map<string, Connection> };
const connections: Map<string, Connection> = (holder[PROCESS_WIDE] ??= new Map());

/** How long one call may take before we give up on the worker (module loading included). */
const CALL_TIMEOUT_MS = 120_000;

function connect(file: string): Connection {
  const existing = connections.get(file);
  if (existing) return existing;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(file, { workerData: { port: port2, signal }, transferList: [port2] });
  // Neither may keep jest's worker process alive after the last test.
  worker.unref();
  port1.unref();
  const connection = { worker, port: port1, signal, state: new Map<string, unknown>() };
  connections.set(file, connection);
  return connection;
}

/** Send `request` to the worker module `file` and wait for its answer. */
export function callWorker<T>(file: string, request: unknown): T {
  const { port, signal, state } = connect(file);
  Atomics.store(signal, 0, 0);
  port.postMessage(request);
  // Wait for the value, not for a wake-up: the worker stores, then notifies, and a notify of the
  // previous call can come late, after this call has reset the value (seen on a loaded host).
  const deadline = Date.now() + CALL_TIMEOUT_MS;
  while (Atomics.load(signal, 0) === 0) {
    const left = deadline - Date.now();
    if (left <= 0 || Atomics.wait(signal, 0, 0, left) === 'timed-out') {
      connections.delete(file);
      throw new Error(`${file}: no answer within ${CALL_TIMEOUT_MS / 1000} s`);
    }
  }
  const message = receiveMessageOnPort(port);
  if (!message) throw new Error(`${file}: signalled without a reply`);
  const reply = message.message as Reply<T>;
  if (!reply.ok) {
    // The worker may have kept part of the request: callers start again from what it holds for sure.
    state.clear();
    throw new Error(`${file}: ${reply.error}`);
  }
  return reply.result;
}

/** The caller's record `name` of what worker `file` holds (see `Connection.state`), made by `create` for a new worker. */
export function workerState<T>(file: string, name: string, create: () => T): T {
  const { state } = connect(file);
  if (!state.has(name)) state.set(name, create());
  return state.get(name) as T;
}
