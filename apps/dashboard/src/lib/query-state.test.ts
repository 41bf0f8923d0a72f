import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  compareQuery,
  parseCompareState,
  parseRunViewState,
  parseRunsState,
  runViewQuery,
  runsQuery,
  type CompareState,
} from './query-state.ts';

const params = (query: string) => new URLSearchParams(query);

describe('compare state in the query string', () => {
  const state: CompareState = {
    a: '11111111-1111-4111-8111-111111111111',
    b: '22222222-2222-4222-8222-222222222222',
    method: 'occlusion',
    datasetId: '33333333-3333-4333-8333-333333333333',
    imageIds: ['img-1', 'img-2'],
    colormap: 'viridis',
    divergingColormap: 'pink-green',
    opacity: 0.35,
  };

  it('round-trips every choice', () => {
    expect(parseCompareState(params(compareQuery(state)))).toEqual(state);
  });

  it('writes a stable, readable URL without defaults', () => {
    expect(compareQuery({ ...state, imageIds: [], ...DEFAULT_VIEW })).toBe(
      `?a=${state.a}&b=${state.b}&method=occlusion&dataset=${state.datasetId}`,
    );
    expect(compareQuery(state)).toContain('images=img-1,img-2');
  });

  it('falls back to defaults for missing or malformed values', () => {
    const parsed = parseCompareState(
      params(
        'a=&b=not%20an%20id!&method=<script>&images=ok,,bad%20id,ok&opacity=7&cmap=blue-red&dcmap=viridis',
      ),
    );
    expect(parsed).toEqual({
      a: null,
      b: null,
      method: 'grad-cam',
      datasetId: null,
      imageIds: ['ok'],
      colormap: 'turbo',
      divergingColormap: 'blue-red',
      opacity: 1,
    });
    expect(parseCompareState(params('opacity=abc')).opacity).toBe(DEFAULT_VIEW.opacity);
  });
});

describe('runs list state', () => {
  it('round-trips filters and the page trail', () => {
    const state = {
      status: ['RUNNING' as const, 'FAILED' as const],
      modelId: 'm1',
      method: 'lime',
      pages: ['Y3Vyc29yMQ', 'Y3Vyc29yMg'],
    };
    expect(runsQuery(state)).toBe(
      '?status=RUNNING,FAILED&model=m1&method=lime&pages=Y3Vyc29yMQ,Y3Vyc29yMg',
    );
    expect(parseRunsState(params(runsQuery(state)))).toEqual(state);
  });

  it('keeps only known statuses, in a fixed order', () => {
    expect(parseRunsState(params('status=FAILED,BOGUS,QUEUED')).status).toEqual([
      'QUEUED',
      'FAILED',
    ]);
    expect(runsQuery({ status: [], modelId: null, method: null, pages: [] })).toBe('');
  });
});

describe('run view state', () => {
  it('round-trips the view and the image page', () => {
    const state = {
      colormap: 'magma' as const,
      divergingColormap: 'orange-purple' as const,
      opacity: 0.8,
      page: 3,
    };
    expect(parseRunViewState(params(runViewQuery(state)))).toEqual(state);
    expect(parseRunViewState(params('page=0')).page).toBe(1);
  });
});
