import {
  isColormapName,
  isDiverging,
  type DivergingColormap,
  type SequentialColormap,
} from './colormaps.ts';

/**
 * Page state kept in the query string, so every view is a shareable URL. Parsing is lenient
 * (unknown or malformed values fall back to defaults); serialising omits defaults and keeps
 * a stable key order so the same state always gives the same URL.
 */
type Params = Pick<URLSearchParams, 'get'>;

const ID = /^[0-9A-Za-z_-]{1,100}$/;
const NAME = /^[0-9A-Za-z@._-]{1,100}$/;

function id(params: Params, key: string): string | null {
  const value = params.get(key);
  return value && ID.test(value) ? value : null;
}

function idList(params: Params, key: string): string[] {
  const value = params.get(key) ?? '';
  return [...new Set(value.split(',').filter((part) => ID.test(part)))];
}

function number(params: Params, key: string, fallback: number, min: number, max: number): number {
  const raw = params.get(key);
  const value = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function query(entries: [string, string | null | undefined][]): string {
  const search = new URLSearchParams();
  for (const [key, value] of entries)
    if (value !== null && value !== undefined && value !== '') search.set(key, value);
  const text = search.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}

/** How heatmaps are drawn: colormaps for unsigned and signed maps, opacity over the image. */
export interface ViewState {
  colormap: SequentialColormap;
  divergingColormap: DivergingColormap;
  /** Heatmap opacity over the image, 0..1; 1 shows the heatmap alone. */
  opacity: number;
}

export const DEFAULT_VIEW: ViewState = {
  colormap: 'turbo',
  divergingColormap: 'blue-red',
  opacity: 0.5,
};

export function parseView(params: Params): ViewState {
  const cmap = params.get('cmap');
  const dcmap = params.get('dcmap');
  return {
    colormap: isColormapName(cmap) && !isDiverging(cmap) ? cmap : DEFAULT_VIEW.colormap,
    divergingColormap:
      isColormapName(dcmap) && isDiverging(dcmap) ? dcmap : DEFAULT_VIEW.divergingColormap,
    opacity: Math.round(number(params, 'opacity', DEFAULT_VIEW.opacity, 0, 1) * 100) / 100,
  };
}

function viewEntries(view: ViewState): [string, string | null][] {
  return [
    ['cmap', view.colormap === DEFAULT_VIEW.colormap ? null : view.colormap],
    [
      'dcmap',
      view.divergingColormap === DEFAULT_VIEW.divergingColormap ? null : view.divergingColormap,
    ],
    ['opacity', view.opacity === DEFAULT_VIEW.opacity ? null : String(view.opacity)],
  ];
}

export interface CompareState extends ViewState {
  /** Model version ids. */
  a: string | null;
  b: string | null;
  method: string;
  datasetId: string | null;
  /** Specific images (with or instead of a dataset). */
  imageIds: string[];
}

export const DEFAULT_METHOD = 'grad-cam';

export function parseCompareState(params: Params): CompareState {
  const method = params.get('method');
  return {
    a: id(params, 'a'),
    b: id(params, 'b'),
    method: method && NAME.test(method) ? method : DEFAULT_METHOD,
    datasetId: id(params, 'dataset'),
    imageIds: idList(params, 'images'),
    ...parseView(params),
  };
}

export function compareQuery(state: CompareState): string {
  return query([
    ['a', state.a],
    ['b', state.b],
    ['method', state.method],
    ['dataset', state.datasetId],
    ['images', state.imageIds.join(',')],
    ...viewEntries(state),
  ]);
}

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunStatusName = (typeof RUN_STATUSES)[number];

export interface RunsState {
  status: RunStatusName[];
  modelId: string | null;
  method: string | null;
  /** Cursors of the pages walked through, oldest first; the last one is the current page's `after`. */
  pages: string[];
}

export function parseRunsState(params: Params): RunsState {
  const status = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is RunStatusName => (RUN_STATUSES as readonly string[]).includes(s));
  const method = params.get('method');
  return {
    status: RUN_STATUSES.filter((s) => status.includes(s)),
    modelId: id(params, 'model'),
    method: method && NAME.test(method) ? method : null,
    pages: idList(params, 'pages'),
  };
}

export function runsQuery(state: RunsState): string {
  return query([
    ['status', state.status.join(',')],
    ['model', state.modelId],
    ['method', state.method],
    ['pages', state.pages.join(',')],
  ]);
}

export interface RunViewState extends ViewState {
  /** 1-based page of images in the run grid. */
  page: number;
}

export function parseRunViewState(params: Params): RunViewState {
  return { ...parseView(params), page: Math.floor(number(params, 'page', 1, 1, 1_000_000)) };
}

export function runViewQuery(state: RunViewState): string {
  return query([...viewEntries(state), ['page', state.page === 1 ? null : String(state.page)]]);
}
