'use client';

import { useState } from 'react';
import { gqlRequest, throwIfUserError } from '../../lib/graphql-client.ts';
import { createRunMutation } from '../shared/documents.ts';

export interface MissingWork {
  versionId: string;
  versionName: string;
  imageIds: string[];
}

/** Queues one run per version for the images that version has not explained yet with this method. */
export function ComputeMissing({
  work,
  method,
  methodTitle,
  onQueued,
}: {
  work: MissingWork[];
  method: string;
  methodTitle: string;
  onQueued: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const todo = work.filter((w) => w.imageIds.length > 0);
  if (todo.length === 0) return null;
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      for (const item of todo) {
        const { createRun } = await gqlRequest(createRunMutation, {
          input: {
            modelVersionId: item.versionId,
            imageIds: item.imageIds,
            methods: [{ name: method }],
          },
        });
        throwIfUserError(createRun);
      }
      onQueued();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <p>
        Missing explanations:{' '}
        {todo.map((w) => `${w.versionName} lacks ${w.imageIds.length} image(s)`).join('; ')}.
      </p>
      <div>
        <button type="button" className="btn btn-primary" onClick={start} disabled={busy}>
          {busy ? 'Queueing…' : `Explain them with ${methodTitle}`}
        </button>
      </div>
      {error ? (
        <p role="alert" style={{ color: 'var(--bad)' }}>
          Could not queue the runs: {error}
        </p>
      ) : null}
    </div>
  );
}
