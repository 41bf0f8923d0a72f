'use client';

import { useState } from 'react';
import { gqlRequest, throwIfUserError } from '../../lib/graphql-client.ts';
import { cancelRunMutation, retryRunMutation } from './documents.ts';

export function RunActions({
  runId,
  status,
  onChanged,
}: {
  runId: string;
  status: string;
  onChanged: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: 'cancel' | 'retry') => {
    setBusy(true);
    setError(null);
    try {
      if (action === 'cancel')
        throwIfUserError((await gqlRequest(cancelRunMutation, { id: runId })).cancelRun);
      else throwIfUserError((await gqlRequest(retryRunMutation, { id: runId })).retryRun);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {status === 'QUEUED' || status === 'RUNNING' ? (
        <button
          type="button"
          className="btn btn-danger"
          disabled={busy}
          onClick={() => act('cancel')}
        >
          Cancel run
        </button>
      ) : null}
      {status === 'FAILED' || status === 'CANCELLED' ? (
        <button type="button" className="btn" disabled={busy} onClick={() => act('retry')}>
          Retry run
        </button>
      ) : null}
      {error ? (
        <span role="alert" className="small" style={{ color: 'var(--bad)' }}>
          {error}
        </span>
      ) : null}
    </>
  );
}
