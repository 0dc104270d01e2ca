/**
 * Test helper: a small instant-query PromQL evaluator over the Prometheus project's grammar
 * (@prometheus-io/lezer-promql), for checking what recording rules compute on a fixture of
 * series. It covers the subset the platform's recording rules use — selectors with = != =~ !~,
 * number literals, + - * / and comparisons (with `bool`), and/or/unless, on/ignoring with
 * group_left/group_right, sum/max/min/count with by/without, vector(), label_replace(),
 * clamp_min(), clamp_max(), sort_desc() — with Prometheus' label semantics (one-to-one matching
 * keeps only the `on` labels, arithmetic drops the metric name, set operators match on every
 * label but the name). Anything else throws, so a rule outside the subset fails loudly.
 */
import { parser } from '@prometheus-io/lezer-promql';

/** One sample of an instant vector. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

type Value = number | string | Sample[];

interface Node {
  name: string;
  from: number;
  to: number;
  children: Node[];
}

function toTree(expr: string): Node {
  const tree = parser.parse(expr);
  const stack: Node[] = [{ name: 'root', from: 0, to: expr.length, children: [] }];
  let error: number | undefined;
  tree.iterate({
    enter(ref) {
      if (ref.type.isError && error === undefined) error = ref.from;
      const node: Node = { name: ref.name, from: ref.from, to: ref.to, children: [] };
      stack[stack.length - 1].children.push(node);
      stack.push(node);
    },
    leave() {
      stack.pop();
    },
  });
  if (error !== undefined) throw new Error(`promql-eval: syntax error at ${error} in ${expr}`);
  return stack[0].children[0];
}

const ARITHMETIC: Record<string, (a: number, b: number) => number> = { Add: (a, b) => a + b, Sub: (a, b) => a - b, Mul: (a, b) => a * b, Div: (a, b) => a / b };
const COMPARISON: Record<string, (a: number, b: number) => boolean> = { Eql: (a, b) => a === b, Neq: (a, b) => a !== b, Gtr: (a, b) => a > b, Lss: (a, b) => a < b, Gte: (a, b) => a >= b, Lte: (a, b) => a <= b };
const SET = new Set(['And', 'Or', 'Unless']);

function unquote(s: string): string {
  return JSON.parse(s.startsWith("'") ? `"${s.slice(1, -1).replace(/"/g, '\\"')}"` : s) as string;
}

function withoutName(labels: Record<string, string>): Record<string, string> {
  const { __name__: _, ...rest } = labels;
  return rest;
}

function key(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

function pick(labels: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => labels[n] !== undefined && labels[n] !== '').map((n) => [n, labels[n]]));
}

function omit(labels: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !names.includes(k)));
}

/** Evaluates expressions against a set of series (values at one instant). */
export class InstantEvaluator {
  constructor(private readonly series: Sample[]) {}

  /** Add samples (e.g. a recording rule's output) to what later expressions select. */
  add(samples: Sample[]): void {
    this.series.push(...samples);
  }

  /** The instant vector (or scalar) of `expr`. */
  evaluate(expr: string): Sample[] | number {
    const v = this.eval(toTree(expr), expr);
    if (typeof v === 'string') throw new Error(`promql-eval: string result of ${expr}`);
    return v;
  }

  /** Evaluate a recording rule and add its output under `record` (plus `labels`). */
  record(record: string, expr: string, labels: Record<string, string> = {}): Sample[] {
    const v = this.evaluate(expr);
    if (typeof v === 'number') throw new Error(`promql-eval: recording rule ${record} returned a scalar`);
    const out = v.map((s) => ({ labels: { ...withoutName(s.labels), ...labels, __name__: record }, value: s.value }));
    this.add(out);
    return out;
  }

  private text(n: Node, expr: string): string {
    return expr.slice(n.from, n.to);
  }

  private eval(n: Node, expr: string): Value {
    switch (n.name) {
      case 'PromQL':
        return this.eval(n.children[0], expr);
      case 'ParenExpr':
        return this.eval(n.children[0], expr);
      case 'NumberDurationLiteral':
        return Number(this.text(n, expr));
      case 'StringLiteral':
        return unquote(this.text(n, expr));
      case 'VectorSelector':
        return this.select(n, expr);
      case 'FunctionCall':
        return this.call(n, expr);
      case 'AggregateExpr':
        return this.aggregate(n, expr);
      case 'BinaryExpr':
        return this.binary(n, expr);
      case 'UnaryExpr': {
        const v = this.eval(n.children[n.children.length - 1], expr);
        const neg = this.text(n, expr).trim().startsWith('-');
        if (typeof v === 'number') return neg ? -v : v;
        if (typeof v === 'string') throw new Error('promql-eval: unary on a string');
        return neg ? v.map((s) => ({ labels: withoutName(s.labels), value: -s.value })) : v;
      }
      default:
        throw new Error(`promql-eval: unsupported node ${n.name} (${this.text(n, expr)})`);
    }
  }

  private select(n: Node, expr: string): Sample[] {
    const identifier = n.children.find((c) => c.name === 'Identifier');
    const matchers = n.children.find((c) => c.name === 'LabelMatchers')?.children.filter((c) => c.name === 'UnquotedLabelMatcher') ?? [];
    const tests: Array<(labels: Record<string, string>) => boolean> = [];
    if (identifier) {
      const name = this.text(identifier, expr);
      tests.push((l) => l.__name__ === name);
    }
    for (const m of matchers) {
      const label = this.text(m.children.find((c) => c.name === 'LabelName')!, expr);
      const op = m.children.find((c) => c.name === 'MatchOp')!.children[0].name;
      const value = unquote(this.text(m.children.find((c) => c.name === 'StringLiteral')!, expr));
      const re = new RegExp(`^(?:${value})$`);
      const get = (l: Record<string, string>) => l[label] ?? '';
      tests.push(
        op === 'EqlSingle' ? (l) => get(l) === value : op === 'Neq' ? (l) => get(l) !== value : op === 'EqlRegex' ? (l) => re.test(get(l)) : (l) => !re.test(get(l)),
      );
    }
    return this.series.filter((s) => tests.every((t) => t(s.labels))).map((s) => ({ labels: { ...s.labels }, value: s.value }));
  }

  private args(n: Node, expr: string): Value[] {
    const body = n.children.find((c) => c.name === 'FunctionCallBody');
    return (body?.children ?? []).map((c) => this.eval(c, expr));
  }

  private call(n: Node, expr: string): Value {
    const fn = this.text(n.children.find((c) => c.name === 'FunctionIdentifier')!, expr);
    const args = this.args(n, expr);
    const vec = (i: number): Sample[] => {
      const v = args[i];
      if (!Array.isArray(v)) throw new Error(`promql-eval: ${fn} argument ${i + 1} must be a vector`);
      return v;
    };
    switch (fn) {
      case 'vector':
        return [{ labels: {}, value: args[0] as number }];
      case 'clamp_min':
        return vec(0).map((s) => ({ labels: withoutName(s.labels), value: Math.max(s.value, args[1] as number) }));
      case 'clamp_max':
        return vec(0).map((s) => ({ labels: withoutName(s.labels), value: Math.min(s.value, args[1] as number) }));
      case 'sort_desc':
        return [...vec(0)].sort((a, b) => b.value - a.value);
      case 'label_replace': {
        const [dst, replacement, src, regex] = args.slice(1) as string[];
        const re = new RegExp(`^(?:${regex})$`);
        return vec(0).map((s) => {
          const m = re.exec(s.labels[src] ?? '');
          if (!m) return s;
          const value = replacement.replace(/\$\{?(\d+)\}?/g, (_, i: string) => m[Number(i)] ?? '');
          const labels = { ...s.labels };
          if (value === '') delete labels[dst];
          else labels[dst] = value;
          return { labels, value: s.value };
        });
      }
      default:
        throw new Error(`promql-eval: unsupported function ${fn}`);
    }
  }

  private aggregate(n: Node, expr: string): Sample[] {
    const op = this.text(n.children.find((c) => c.name === 'AggregateOp')!, expr);
    const modifier = n.children.find((c) => c.name === 'AggregateModifier');
    const labels = modifier?.children.find((c) => c.name === 'GroupingLabels')?.children.map((c) => this.text(c, expr)) ?? [];
    const without = modifier?.children.some((c) => c.name === 'Without') ?? false;
    const body = n.children.find((c) => c.name === 'FunctionCallBody')!;
    const input = this.eval(body.children[body.children.length - 1], expr);
    if (!Array.isArray(input)) throw new Error(`promql-eval: ${op} of a non-vector`);
    const groups = new Map<string, { labels: Record<string, string>; values: number[] }>();
    for (const s of input) {
      const g = without ? omit(withoutName(s.labels), labels) : pick(s.labels, labels);
      const k = key(g);
      const entry = groups.get(k) ?? { labels: g, values: [] };
      entry.values.push(s.value);
      groups.set(k, entry);
    }
    const reduce: Record<string, (v: number[]) => number> = { sum: (v) => v.reduce((a, b) => a + b, 0), max: (v) => Math.max(...v), min: (v) => Math.min(...v), count: (v) => v.length };
    if (!reduce[op]) throw new Error(`promql-eval: unsupported aggregation ${op}`);
    return [...groups.values()].map((g) => ({ labels: g.labels, value: reduce[op](g.values) }));
  }

  private binary(n: Node, expr: string): Value {
    const [lhsNode, opNode] = n.children;
    const rhsNode = n.children[n.children.length - 1];
    const op = opNode.name;
    const clause = n.children.find((c) => c.name === 'MatchingModifierClause');
    const isBool = n.children.some((c) => c.name === 'BoolModifier');
    const lhs = this.eval(lhsNode, expr);
    const rhs = this.eval(rhsNode, expr);
    if (typeof lhs === 'string' || typeof rhs === 'string') throw new Error('promql-eval: binary operator on a string');
    const groupings = clause?.children.filter((c) => c.name === 'GroupingLabels').map((g) => g.children.map((c) => this.text(c, expr))) ?? [];
    const on = clause?.children.some((c) => c.name === 'On') ?? false;
    const matchLabels = groupings[0] ?? [];
    const groupSide = clause?.children.find((c) => c.name === 'GroupLeft' || c.name === 'GroupRight')?.name;
    const include = groupings[1] ?? [];
    const signature = (l: Record<string, string>) => key(on ? pick(l, matchLabels) : omit(withoutName(l), matchLabels));

    if (SET.has(op)) {
      if (!Array.isArray(lhs) || !Array.isArray(rhs)) throw new Error('promql-eval: set operator needs vectors');
      const right = new Set(rhs.map((s) => signature(s.labels)));
      if (op === 'And') return lhs.filter((s) => right.has(signature(s.labels)));
      if (op === 'Unless') return lhs.filter((s) => !right.has(signature(s.labels)));
      const left = new Set(lhs.map((s) => signature(s.labels)));
      return [...lhs, ...rhs.filter((s) => !left.has(signature(s.labels)))];
    }
    const arith = op in ARITHMETIC ? ARITHMETIC[op] : undefined;
    const cmp = op in COMPARISON ? COMPARISON[op] : undefined;
    if (!arith && !cmp) throw new Error(`promql-eval: unsupported operator ${op}`);
    const combine = (a: number, b: number): number | undefined => (arith ? arith(a, b) : cmp!(a, b) ? (isBool ? 1 : a) : isBool ? 0 : undefined);
    if (typeof lhs === 'number' && typeof rhs === 'number') return combine(lhs, rhs) ?? NaN;
    const dropName = Boolean(arith) || isBool;
    const relabel = (l: Record<string, string>) => (dropName ? withoutName(l) : l);
    if (typeof rhs === 'number') return (lhs as Sample[]).flatMap((s) => { const v = combine(s.value, rhs); return v === undefined ? [] : [{ labels: relabel(s.labels), value: v }]; });
    if (typeof lhs === 'number') return rhs.flatMap((s) => { const v = combine(lhs, s.value); return v === undefined ? [] : [{ labels: relabel(s.labels), value: cmp && !isBool ? s.value : v }]; });

    const [many, one, manyIsLeft] = groupSide === 'GroupRight' ? [rhs, lhs, false] : [lhs, rhs, true];
    const oneBySig = new Map<string, Sample>();
    for (const s of one) {
      const k = signature(s.labels);
      if (oneBySig.has(k)) throw new Error(`promql-eval: many-to-many matching on ${k} in ${this.text(n, expr)}`);
      oneBySig.set(k, s);
    }
    if (!groupSide) {
      const seen = new Set<string>();
      for (const s of many) {
        const k = signature(s.labels);
        if (seen.has(k)) throw new Error(`promql-eval: duplicate series on the left of a one-to-one match (${k}) in ${this.text(n, expr)}`);
        seen.add(k);
      }
    }
    const out: Sample[] = [];
    for (const s of many) {
      const other = oneBySig.get(signature(s.labels));
      if (!other) continue;
      const [a, b] = manyIsLeft ? [s.value, other.value] : [other.value, s.value];
      const v = combine(a, b);
      if (v === undefined) continue;
      let labels: Record<string, string>;
      if (!groupSide) labels = on ? pick(s.labels, matchLabels) : omit(relabel(s.labels), matchLabels);
      else labels = { ...relabel(s.labels), ...pick(other.labels, include) };
      out.push({ labels, value: cmp && !isBool ? (manyIsLeft ? s.value : other.value) : v });
    }
    return out;
  }
}
