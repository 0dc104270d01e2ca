/**
 * A small, typed builder for Grafana dashboard JSON (the dashboard model Grafana provisions from
 * files). Everything that would churn between syntheses is fixed: panel ids are positions, uids
 * are constants, `version` is 1, `id` is null (Grafana assigns its database id), no timestamps,
 * and the JSON is written with sorted keys. Every query names its datasource by uid, the uid the
 * Grafana values provision (`DATASOURCE_UIDS`), never by display name.
 */
import { compareText } from '../../spec/order';
import { toCanonicalJson } from '../../blueprint/canonical';
import { DATASOURCE_UIDS } from '../grafana-values';

/** Dashboard schema version the JSON is written in; Grafana migrates older versions on load, never ours. */
export const DASHBOARD_SCHEMA_VERSION = 39;

/** The Prometheus datasource reference every panel and query uses. */
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: DATASOURCE_UIDS.prometheus } as const;

/** A dashboard to provision: its fixed uid, title and JSON model. */
export interface GrafanaDashboard {
  /** Fixed uid (≤ 40 characters): links and bookmarks survive re-provisioning. */
  readonly uid: string;
  /** Title shown in Grafana. */
  readonly title: string;
  /** The dashboard JSON model. */
  readonly json: Record<string, unknown>;
}

/** One PromQL query of a panel. */
export interface Query {
  /** PromQL expression. */
  readonly expr: string;
  /** Legend template, e.g. `{{namespace}}`. @default '__auto' */
  readonly legend?: string;
  /** Instant query (tables, stats of a current value). @default false (range) */
  readonly instant?: boolean;
}

/** Kinds of panel the platform dashboards use. */
export type PanelKind = 'timeseries' | 'stat' | 'table' | 'bargauge' | 'text';

/** What a panel shows; the builder lays it out and numbers it. */
export interface PanelDefinition {
  /** Grafana panel type (`timeseries`, `stat`, …); `text` panels take `content` instead of queries. */
  readonly kind: PanelKind;
  /** Panel title, also named in the builder's errors. */
  readonly title: string;
  /** Why the panel exists / how to read it (shown as the panel's info tooltip). */
  readonly description: string;
  /** Queries (none for `text`). @default [] */
  readonly queries?: readonly Query[];
  /** Grafana unit id, e.g. `percentunit`, `currencyUSD`, `reqps`, `s`. @default 'short' */
  readonly unit?: string;
  /** Shown when a query returns nothing (e.g. `no price`), instead of a misleading 0. @default 'No data' */
  readonly noValue?: string;
  /** Width in grid columns (of 24). @default 12 */
  readonly width?: number;
  /** Height in grid rows. @default 8 */
  readonly height?: number;
  /** Markdown content of a `text` panel. */
  readonly content?: string;
  /** Stack series (areas of a whole). @default false */
  readonly stacked?: boolean;
}

/** A titled group of panels (a collapsed-never Grafana row). */
export interface RowDefinition {
  /** Row header text. */
  readonly title: string;
  /** Panels of the row, laid out left to right, wrapping at 24 columns (an empty row is left out). */
  readonly panels: readonly PanelDefinition[];
}

/** A dashboard template variable backed by a Prometheus label query. */
export interface VariableDefinition {
  /** Variable name (`$team`). */
  readonly name: string;
  /** Name shown in the variable's dropdown. */
  readonly label: string;
  /** `label_values(metric, label)` query. */
  readonly query: string;
  /** Allow several values and "All". @default true */
  readonly multi?: boolean;
}

/** Everything one dashboard is made of. */
export interface DashboardDefinition {
  /** Stable Grafana uid (at most 40 characters): links and provisioning keep pointing at it. */
  readonly uid: string;
  /** Dashboard title in Grafana's list. */
  readonly title: string;
  /** What the dashboard is for, shown in Grafana's dashboard settings. */
  readonly description: string;
  /** Tags (sorted on output); `groundwork` is always added. */
  readonly tags: readonly string[];
  /** The dashboard's rows, top to bottom. */
  readonly rows: readonly RowDefinition[];
  /** Template variables. @default [] */
  readonly variables?: readonly VariableDefinition[];
  /** Default time range, e.g. `now-6h`. @default 'now-6h' */
  readonly from?: string;
}

const GRID_COLUMNS = 24;
const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function target(query: Query, index: number): Record<string, unknown> {
  return {
    datasource: { ...PROMETHEUS_DATASOURCE },
    editorMode: 'code',
    expr: query.expr,
    legendFormat: query.legend ?? '__auto',
    range: !query.instant,
    instant: query.instant ?? false,
    ...(query.instant ? { format: 'table' } : {}),
    refId: REF_IDS[index],
  };
}

function panelOptions(kind: PanelKind, def: PanelDefinition): Record<string, unknown> {
  switch (kind) {
    case 'timeseries':
      return { legend: { displayMode: 'table', placement: 'bottom', showLegend: true, calcs: ['lastNotNull', 'max'] }, tooltip: { mode: 'multi', sort: 'desc' } };
    case 'stat':
    case 'bargauge':
      return { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, orientation: 'auto', textMode: 'auto', colorMode: 'value' };
    case 'table':
      return { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], countRows: false } };
    case 'text':
      return { mode: 'markdown', content: def.content ?? '' };
  }
}

function panelJson(def: PanelDefinition, id: number, gridPos: Record<string, number>): Record<string, unknown> {
  const queries = def.queries ?? [];
  if (def.kind !== 'text' && queries.length === 0) throw new Error(`dashboards: panel "${def.title}" has no query`);
  if (queries.length > REF_IDS.length) throw new Error(`dashboards: panel "${def.title}" has more than ${REF_IDS.length} queries`);
  const base: Record<string, unknown> = { id, type: def.kind, title: def.title, description: def.description, gridPos, options: panelOptions(def.kind, def) };
  if (def.kind === 'text') return base;
  const custom = def.kind === 'timeseries' ? { custom: { drawStyle: 'line', fillOpacity: def.stacked ? 30 : 10, lineWidth: 1, showPoints: 'never', spanNulls: false, stacking: { group: 'A', mode: def.stacked ? 'normal' : 'none' } } } : {};
  return {
    ...base,
    datasource: { ...PROMETHEUS_DATASOURCE },
    targets: queries.map(target),
    fieldConfig: { defaults: { unit: def.unit ?? 'short', noValue: def.noValue ?? 'No data', ...custom }, overrides: [] },
    ...(def.kind === 'table' ? { transformations: [{ id: 'merge', options: {} }] } : {}),
  };
}

/** Rows and panels laid out left to right, top to bottom; ids are positions (stable). */
function layout(rows: readonly RowDefinition[]): Record<string, unknown>[] {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    if (row.panels.length === 0) continue;
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: GRID_COLUMNS, x: 0, y }, panels: [] });
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const def of row.panels) {
      const w = def.width ?? 12;
      const h = def.height ?? 8;
      if (x + w > GRID_COLUMNS) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      panels.push(panelJson(def, id++, { h, w, x, y }));
      x += w;
      lineHeight = Math.max(lineHeight, h);
    }
    y += lineHeight;
  }
  return panels;
}

function variableJson(v: VariableDefinition): Record<string, unknown> {
  const multi = v.multi ?? true;
  return {
    name: v.name,
    label: v.label,
    type: 'query',
    datasource: { ...PROMETHEUS_DATASOURCE },
    definition: v.query,
    query: { query: v.query, refId: 'PrometheusVariableQueryEditor-VariableQuery', qryType: 1 },
    refresh: 2,
    multi,
    includeAll: multi,
    ...(multi ? { allValue: '.*', current: { selected: true, text: ['All'], value: ['$__all'] } } : {}),
    sort: 1,
    hide: 0,
    regex: '',
    options: [],
  };
}

/** The dashboard JSON model of `def`. */
export function buildDashboard(def: DashboardDefinition): GrafanaDashboard {
  if (def.uid.length > 40) throw new Error(`dashboards: uid "${def.uid}" is longer than 40 characters`);
  const json: Record<string, unknown> = {
    id: null,
    uid: def.uid,
    title: def.title,
    description: def.description,
    tags: [...new Set(['groundwork', ...def.tags])].sort(compareText),
    editable: false,
    graphTooltip: 1,
    timezone: 'utc',
    refresh: '1m',
    time: { from: def.from ?? 'now-6h', to: 'now' },
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    version: 1,
    links: [],
    annotations: { list: [] },
    templating: { list: (def.variables ?? []).map(variableJson) },
    panels: layout(def.rows),
  };
  return { uid: def.uid, title: def.title, json };
}

/** The dashboard as the ConfigMap stores it: JSON with sorted keys, two-space indent, final newline. */
export function dashboardText(dashboard: GrafanaDashboard): string {
  return toCanonicalJson(dashboard.json);
}

/** Every query panel of a dashboard JSON (rows and text panels have none). */
export function queryPanels(json: Record<string, unknown>): Array<{ title: string; datasource?: { uid?: string }; targets: Array<{ expr: string; datasource?: { uid?: string } }> }> {
  return ((json.panels as Array<Record<string, unknown>>) ?? []).filter((p) => Array.isArray(p.targets)) as never;
}
