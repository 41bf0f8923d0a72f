'use client';

import type { RefObject } from 'react';
import type { NewRunOptionsQuery } from '../../generated/graphql/graphql.ts';
import { ParamsForm, type ParamsFormHandle } from './params-form.tsx';

type Plugin = NewRunOptionsQuery['plugins'][number];

/** Each registered method, with a params form (from its JSON Schema) when chosen. */
export function MethodPicker({
  plugins,
  chosen,
  params,
  onToggle,
  onParams,
  formRefs,
}: {
  plugins: readonly Plugin[];
  chosen: readonly string[];
  params: Record<string, Record<string, unknown>>;
  onToggle: (name: string, on: boolean) => void;
  onParams: (name: string, value: Record<string, unknown>) => void;
  formRefs: RefObject<Map<string, ParamsFormHandle>>;
}) {
  return (
    <fieldset>
      <legend>Methods</legend>
      <div className="stack">
        {plugins.map((plugin) => {
          const on = chosen.includes(plugin.name);
          return (
            <div key={plugin.id} className={`method-option${on ? ' on' : ''}`}>
              <input
                id={`method-${plugin.name}`}
                type="checkbox"
                checked={on}
                onChange={(e) => onToggle(plugin.name, e.target.checked)}
                data-method={plugin.name}
                aria-describedby={`method-${plugin.name}-about`}
              />
              <div>
                <label htmlFor={`method-${plugin.name}`}>
                  <strong>{plugin.title}</strong>
                </label>{' '}
                <span className="mono small muted">{plugin.id}</span>{' '}
                <span className="chip">{plugin.output.signed ? 'signed' : 'unsigned'}</span>
                {plugin.requires.background ? (
                  <span className="chip">needs background images</span>
                ) : null}
                <div id={`method-${plugin.name}-about`} className="small muted">
                  {plugin.description}
                </div>
              </div>
              {on ? (
                <div style={{ gridColumn: '2', marginTop: '0.4rem' }}>
                  <h3 className="small">Parameters</h3>
                  <ParamsForm
                    ref={(handle) => {
                      if (handle) formRefs.current.set(plugin.name, handle);
                      else formRefs.current.delete(plugin.name);
                    }}
                    pluginName={plugin.name}
                    paramsSchema={plugin.paramsSchema}
                    value={params[plugin.name]}
                    onChange={(value) => onParams(plugin.name, value)}
                  />
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
