'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '../generated/graphql/graphql.ts';
import { gqlRequest } from './graphql-client.ts';

const RETRY_MS = 3000;

export interface QueryState<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True until the first answer (or error) for the current variables. */
  loading: boolean;
  refetch: () => void;
}

export interface QueryOptions<T> {
  skip?: boolean;
  /** Milliseconds until the next poll given the latest data, or null to stop polling. */
  pollInterval?: (data: T) => number | null;
}

/**
 * Runs a typed query through the proxy; runs it again when the variables change, and polls
 * while `pollInterval` says so. Answers to superseded variables are dropped.
 */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: QueryOptions<TResult> = {},
): QueryState<TResult> {
  const key = JSON.stringify(variables ?? {});
  const [state, setState] = useState<{
    key: string;
    data?: TResult;
    error?: Error;
    settled: boolean;
  }>({ key, settled: false });
  const [tick, setTick] = useState(0);
  const pollRef = useRef(options.pollInterval);
  pollRef.current = options.pollInterval;
  const skip = options.skip ?? false;

  useEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    gqlRequest(document, JSON.parse(key) as TVariables, controller.signal)
      .then((data) => {
        if (controller.signal.aborted) return;
        setState({ key, data, settled: true });
        const next = pollRef.current?.(data);
        if (next !== null && next !== undefined)
          timer = setTimeout(() => setTick((t) => t + 1), next);
      })
      .catch((error: Error) => {
        if (controller.signal.aborted || error.name === 'AbortError') return;
        setState((previous) => ({
          key,
          ...(previous.key === key && previous.data !== undefined ? { data: previous.data } : {}),
          error,
          settled: true,
        }));
        // A poll that fails (API restarting, network blip) is tried again rather than given up.
        if (pollRef.current) timer = setTimeout(() => setTick((t) => t + 1), RETRY_MS);
      });
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [document, key, skip, tick]);

  const refetch = useCallback(() => setTick((t) => t + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !skip && (!current || !state.settled),
    refetch,
  };
}
