'use client';

import { useEffect, useState } from 'react';
import type { RunExplanationsQuery } from '../../generated/graphql/graphql.ts';
import { gqlRequest } from '../../lib/graphql-client.ts';
import { runExplanationsQuery } from './documents.ts';

export type RunExplanation = NonNullable<
  RunExplanationsQuery['run']
>['explanations']['edges'][number]['node'];

const PAGE = 100;
const LIVE_POLL_MS = 1500;

async function fetchPage(runId: string, after: string | null, signal: AbortSignal) {
  const data = await gqlRequest(runExplanationsQuery, { id: runId, first: PAGE, after }, signal);
  if (!data.run) throw new Error(`run ${runId} does not exist`);
  return data.run.explanations;
}

/**
 * Every explanation of a run: all pages once (and again when the run's status changes), and
 * while the run is active, its newest page every 1.5 s merged in, so results appear as they land.
 */
export function useRunExplanations(
  runId: string,
  status: string | undefined,
): { explanations: RunExplanation[]; total: number; error: Error | undefined; loading: boolean } {
  const [items, setItems] = useState<Map<string, RunExplanation>>(new Map());
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<Error | undefined>();
  const [loading, setLoading] = useState(true);
  const active = status === 'QUEUED' || status === 'RUNNING';

  useEffect(() => {
    if (!status) return;
    const controller = new AbortController();
    (async () => {
      const all = new Map<string, RunExplanation>();
      let after: string | null = null;
      for (;;) {
        const page = await fetchPage(runId, after, controller.signal);
        for (const edge of page.edges) all.set(edge.node.id, edge.node);
        setTotal(page.totalCount);
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
        after = page.pageInfo.endCursor;
      }
      setItems(all);
      setError(undefined);
      setLoading(false);
    })().catch((e: Error) => {
      if (controller.signal.aborted) return;
      setError(e);
      setLoading(false);
    });
    return () => controller.abort();
  }, [runId, status]);

  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const page = await fetchPage(runId, null, controller.signal);
        setTotal(page.totalCount);
        setItems((previous) => {
          if (page.edges.every((e) => previous.has(e.node.id))) return previous;
          const next = new Map(previous);
          for (const edge of page.edges) next.set(edge.node.id, edge.node);
          return next;
        });
      } catch {
        // The next poll tries again; the run's own status query reports lasting failures.
      }
      if (!controller.signal.aborted) timer = setTimeout(poll, LIVE_POLL_MS);
    };
    timer = setTimeout(poll, LIVE_POLL_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [runId, active]);

  return { explanations: [...items.values()], total, error, loading };
}
