/**
 * Test helper: PromQL through the Prometheus project's own lezer grammar
 * (@prometheus-io/lezer-promql, the parser of the Prometheus UI): syntax errors and the metric
 * names an expression selects. The grammar is syntactic: unknown functions are errors (the
 * function names are part of it), label names and types of arguments are not checked.
 */
import { parser } from '@prometheus-io/lezer-promql';

/** What one expression contains. */
export interface ParsedExpression {
  /** Offsets of syntax errors (empty when the expression parses). */
  errors: number[];
  /** Metric names selected (`foo{…}`, `{__name__="foo"}`, `{"foo"}`), sorted, unique. */
  metrics: string[];
  /** Selectors whose metric name cannot be known statically (`{__name__=~"…"}`, no name at all). */
  unnamed: string[];
}

/**
 * Grafana's template variables replaced by values the grammar accepts: interval variables by a
 * duration, any other `$var` outside a string literal by `1` (inside strings they are just text).
 */
export function substituteGrafanaVariables(expr: string): string {
  const intervals = expr.replace(/\$\{?__(rate_interval|interval|range)(_ms|_s)?\}?/g, '5m');
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < intervals.length; i++) {
    const c = intervals[i];
    if (quote) {
      out += c;
      if (c === '\\') out += intervals[++i] ?? '';
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
    } else if (c === '$') {
      const m = /^\$(\{[A-Za-z_][\w:]*\}|[A-Za-z_]\w*)/.exec(intervals.slice(i));
      if (m) {
        out += '1';
        i += m[0].length - 1;
      } else out += c;
    } else out += c;
  }
  return out;
}

function unquote(literal: string): string {
  return literal.length >= 2 ? literal.slice(1, -1) : literal;
}

/** Parse `expr` and collect its errors and metric names. */
export function parsePromql(expr: string): ParsedExpression {
  const tree = parser.parse(expr);
  const errors: number[] = [];
  const metrics = new Set<string>();
  const unnamed: string[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) errors.push(ref.from);
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const identifier = node.getChild('Identifier');
      if (identifier) {
        metrics.add(expr.slice(identifier.from, identifier.to));
        return;
      }
      const matchers = node.getChild('LabelMatchers');
      let named = false;
      for (const quoted of matchers?.getChildren('QuotedLabelName') ?? []) {
        metrics.add(unquote(expr.slice(quoted.from, quoted.to)));
        named = true;
      }
      for (const matcher of matchers?.getChildren('UnquotedLabelMatcher') ?? []) {
        const label = matcher.getChild('LabelName');
        if (!label || expr.slice(label.from, label.to) !== '__name__') continue;
        const op = matcher.getChild('MatchOp');
        const value = matcher.getChild('StringLiteral');
        if (op?.getChild('EqlSingle') && value) {
          metrics.add(unquote(expr.slice(value.from, value.to)));
          named = true;
        }
      }
      if (!named) unnamed.push(expr.slice(node.from, node.to));
    },
  });
  return { errors, metrics: [...metrics].sort(), unnamed };
}
