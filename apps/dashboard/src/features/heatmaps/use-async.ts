'use client';

import { useEffect, useState } from 'react';

export interface AsyncState<T> {
  value: T | undefined;
  error: Error | undefined;
  loading: boolean;
}

/** The result of `load()`, started again whenever `key` changes; stale results are dropped. */
export function useAsync<T>(key: string | null, load: () => Promise<T>): AsyncState<T> {
  const [state, setState] = useState<{ key: string | null; value?: T; error?: Error }>({
    key: null,
  });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    load().then(
      (value) => live && setState({ key, value }),
      (error: Error) => live && setState({ key, error }),
    );
    return () => {
      live = false;
    };
    // `load` belongs to `key`: a new load always comes with a new key.
  }, [key]);
  const current = state.key === key;
  return {
    value: current ? state.value : undefined,
    error: current ? state.error : undefined,
    loading: key !== null && (!current || (state.value === undefined && state.error === undefined)),
  };
}
