'use client';

import { useId } from 'react';
import type { RunFilterOptionsQuery } from '../../generated/graphql/graphql.ts';
import { RUN_STATUSES, type RunsState } from '../../lib/query-state.ts';

export function RunFilters({
  state,
  options,
  onChange,
}: {
  state: RunsState;
  options: RunFilterOptionsQuery | undefined;
  onChange: (state: RunsState) => void;
}) {
  const id = useId();
  const change = (patch: Partial<RunsState>) => onChange({ ...state, ...patch, pages: [] });
  const toggle = (status: (typeof RUN_STATUSES)[number], on: boolean) =>
    change({ status: on ? [...state.status, status] : state.status.filter((s) => s !== status) });
  const filtered = state.status.length > 0 || state.modelId !== null || state.method !== null;
  return (
    <form className="card toolbar" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend>Status</legend>
        <div className="checks">
          {RUN_STATUSES.map((status) => (
            <label key={status}>
              <input
                type="checkbox"
                checked={state.status.includes(status)}
                onChange={(e) => toggle(status, e.target.checked)}
              />
              {status.charAt(0) + status.slice(1).toLowerCase()}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-model`}>Model</label>
        <select
          id={`${id}-model`}
          value={state.modelId ?? ''}
          onChange={(e) => change({ modelId: e.target.value || null })}
        >
          <option value="">All models</option>
          {options?.models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-method`}>Method</label>
        <select
          id={`${id}-method`}
          value={state.method ?? ''}
          onChange={(e) => change({ method: e.target.value || null })}
        >
          <option value="">All methods</option>
          {options?.plugins.map((plugin) => (
            <option key={plugin.id} value={plugin.name}>
              {plugin.title}
            </option>
          ))}
        </select>
      </div>
      {filtered ? (
        <button
          type="button"
          className="btn"
          onClick={() => onChange({ status: [], modelId: null, method: null, pages: [] })}
        >
          Clear filters
        </button>
      ) : null}
    </form>
  );
}
