'use client';

import { useId } from 'react';
import type { CompareOptionsQuery } from '../../generated/graphql/graphql.ts';
import type { CompareState } from '../../lib/query-state.ts';

type Options = CompareOptionsQuery;

function VersionSelect({
  id,
  label,
  value,
  models,
  onChange,
}: {
  id: string;
  label: string;
  value: string | null;
  models: Options['models'];
  onChange: (id: string | null) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">Choose a model version…</option>
        {models.map((model) => (
          <optgroup key={model.id} label={model.name}>
            {model.versions.map((version) => (
              <option key={version.id} value={version.id}>
                {model.name} {version.version}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** The comparison's choices: two versions, a method, and which images. Every change updates the URL. */
export function ComparisonPicker({
  options,
  state,
  onChange,
}: {
  options: Options;
  state: CompareState;
  onChange: (state: CompareState) => void;
}) {
  const id = useId();
  return (
    <form className="card" aria-label="Comparison" onSubmit={(e) => e.preventDefault()}>
      <div className="toolbar">
        <VersionSelect
          id={`${id}-a`}
          label="Version A (baseline)"
          value={state.a}
          models={options.models}
          onChange={(a) => onChange({ ...state, a })}
        />
        <button
          type="button"
          className="btn"
          onClick={() => onChange({ ...state, a: state.b, b: state.a })}
          aria-label="Swap versions A and B"
          title="Swap A and B"
        >
          ⇄ Swap
        </button>
        <VersionSelect
          id={`${id}-b`}
          label="Version B (candidate)"
          value={state.b}
          models={options.models}
          onChange={(b) => onChange({ ...state, b })}
        />
        <div className="field">
          <label htmlFor={`${id}-method`}>Method</label>
          <select
            id={`${id}-method`}
            value={state.method}
            onChange={(e) => onChange({ ...state, method: e.target.value })}
          >
            {options.plugins.some((p) => p.name === state.method) ? null : (
              <option value={state.method}>{state.method} (not registered)</option>
            )}
            {options.plugins.map((plugin) => (
              <option key={plugin.id} value={plugin.name}>
                {plugin.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-dataset`}>Images</label>
          <select
            id={`${id}-dataset`}
            value={state.datasetId ?? ''}
            onChange={(e) =>
              onChange({ ...state, datasetId: e.target.value || null, imageIds: [] })
            }
          >
            <option value="">Every image both versions explained</option>
            {options.datasets.map((dataset) => (
              <option key={dataset.id} value={dataset.id}>
                Dataset {dataset.name} ({dataset.size})
              </option>
            ))}
          </select>
        </div>
        {state.imageIds.length ? (
          <div className="field">
            <span className="label">Selected images</span>
            <span>
              {state.imageIds.length} image(s){' '}
              <button
                type="button"
                className="btn"
                onClick={() => onChange({ ...state, imageIds: [] })}
              >
                Clear
              </button>
            </span>
          </div>
        ) : null}
      </div>
    </form>
  );
}
