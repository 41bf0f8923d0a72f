'use client';

import { useId, type ReactNode } from 'react';

/** A label whose explanation shows on hover and on keyboard focus (and is read by screen readers). */
export function Hint({ label, children }: { label: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <span className="hint">
      <button type="button" className="hint-trigger" aria-describedby={id}>
        {label}
      </button>
      <span role="tooltip" id={id} className="hint-bubble">
        {children}
      </span>
    </span>
  );
}
