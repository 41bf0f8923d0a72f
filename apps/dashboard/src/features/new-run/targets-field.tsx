'use client';

import { useId } from 'react';
import type { TargetChoice } from './run-input.ts';

/** Which classes to explain: the top-k predictions, or named classes of the model. */
export function TargetsField({
  value,
  classNames,
  onChange,
}: {
  value: TargetChoice;
  classNames: readonly string[];
  onChange: (value: TargetChoice) => void;
}) {
  const id = useId();
  return (
    <fieldset>
      <legend>Target classes</legend>
      <div className="checks">
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            checked={value.kind === 'top'}
            onChange={() => onChange({ kind: 'top', k: 1 })}
          />
          The model&apos;s top predictions
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            checked={value.kind === 'classes'}
            onChange={() => onChange({ kind: 'classes', labels: [] })}
            disabled={classNames.length === 0}
          />
          Named classes
        </label>
      </div>
      {value.kind === 'top' ? (
        <div className="field" style={{ marginTop: '0.5rem', maxWidth: '12rem' }}>
          <label htmlFor={`${id}-k`}>How many (top-k)</label>
          <input
            id={`${id}-k`}
            type="number"
            min={1}
            max={Math.max(1, classNames.length || 1000)}
            value={value.k}
            onChange={(e) => onChange({ kind: 'top', k: Math.floor(Number(e.target.value)) })}
          />
        </div>
      ) : (
        <div className="field" style={{ marginTop: '0.5rem' }}>
          <label htmlFor={`${id}-classes`}>Classes</label>
          <select
            id={`${id}-classes`}
            multiple
            size={Math.min(8, Math.max(3, classNames.length))}
            value={value.labels}
            onChange={(e) =>
              onChange({
                kind: 'classes',
                labels: [...e.target.selectedOptions].map((o) => o.value),
              })
            }
          >
            {classNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <span className="help">Hold Ctrl (or ⌘) to choose several.</span>
        </div>
      )}
    </fieldset>
  );
}
