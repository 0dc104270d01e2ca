/**
 * Worker thread (see sync-worker.ts) that evaluates admission policies' CEL with
 * @marcbachmann/cel-js (ESM-only) the way the API server runs a ValidatingAdmissionPolicy:
 * matchConditions first (all must hold), then the variables in order (`variables.<name>`), then
 * every validation; a false validation is a refusal with its messageExpression's text (the static
 * message when that fails). An expression that cannot be evaluated is reported as an error, never
 * as a pass or a refusal: the tests require none.
 *
 * Request { type: 'admission', cases: Array<{ policy: { matchConditions?, variables?, validations }, object, oldObject?, request?, namespaceObject }> }
 * Reply   Array<{ matched: boolean, refusals: string[], errors: string[] }>
 */
import { workerData } from 'node:worker_threads';
import { Environment } from '@marcbachmann/cel-js';

const env = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false });
const programs = new Map();

function program(expression) {
  if (!programs.has(expression)) programs.set(expression, env.parse(expression));
  return programs.get(expression);
}

const firstLine = (err) => String(err && err.message ? err.message : err).split('\n')[0];

function judge({ policy, object, oldObject, request, namespaceObject }) {
  const result = { matched: true, refusals: [], errors: [] };
  // A CREATE unless the case is a whole request (admitRequest): `object` is null on DELETE, `oldObject` on CREATE.
  const context = { object: object ?? null, oldObject: oldObject ?? null, namespaceObject, request: request ?? { operation: 'CREATE' }, variables: {} };
  for (const condition of policy.matchConditions ?? []) {
    try {
      if (program(condition.expression)(context) !== true) {
        result.matched = false;
        return result;
      }
    } catch (err) {
      result.errors.push(`matchCondition ${condition.name}: ${firstLine(err)}`);
      return result;
    }
  }
  for (const variable of policy.variables ?? []) {
    try {
      context.variables[variable.name] = program(variable.expression)(context);
    } catch (err) {
      result.errors.push(`variable ${variable.name}: ${firstLine(err)}`);
    }
  }
  for (const validation of policy.validations) {
    let value;
    try {
      value = program(validation.expression)(context);
    } catch (err) {
      result.errors.push(`validation ${validation.expression}: ${firstLine(err)}`);
      continue;
    }
    if (value === true) continue;
    if (value !== false) {
      result.errors.push(`validation ${validation.expression}: evaluates to ${typeof value}, not bool`);
      continue;
    }
    let message = validation.message;
    if (validation.messageExpression) {
      try {
        const text = program(validation.messageExpression)(context);
        if (typeof text === 'string' && text !== '') message = text;
        else result.errors.push(`messageExpression gave ${JSON.stringify(text)}`);
      } catch (err) {
        result.errors.push(`messageExpression: ${firstLine(err)}`);
      }
    }
    result.refusals.push(message);
  }
  return result;
}

function handle(request) {
  if (request.type === 'admission') return request.cases.map(judge);
  if (request.type === 'apply') {
    // A MutatingAdmissionPolicy's expressions that are plain CEL (matchConditions): evaluated like a validation.
    return request.expressions.map((e) => program(e)({ object: request.object }));
  }
  throw new Error(`unknown request type ${JSON.stringify(request.type)}`);
}

const { port, signal } = workerData;
port.on('message', (request) => {
  let reply;
  try {
    reply = { ok: true, result: handle(request) };
  } catch (err) {
    reply = { ok: false, error: err && err.stack ? err.stack : String(err) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
