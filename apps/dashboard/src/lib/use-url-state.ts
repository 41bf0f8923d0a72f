'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Page state that lives in the query string (so the URL is shareable), kept in React state
 * too so that controls such as sliders respond at once; the URL follows shortly after.
 */
export function useUrlState<T>(
  parse: (params: URLSearchParams) => T,
  serialise: (state: T) => string,
  delayMs = 200,
): [T, (next: T) => void] {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = searchParams.toString();
  const [state, setState] = useState<T>(() => parse(new URLSearchParams(query)));
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const written = useRef<string>(serialise(parse(new URLSearchParams(query))));

  useEffect(() => {
    const incoming = parse(new URLSearchParams(query));
    const text = serialise(incoming);
    if (text !== written.current) {
      written.current = text;
      setState(incoming);
    }
  }, [query, parse, serialise]);

  useEffect(() => () => clearTimeout(pending.current), []);

  const update = useCallback(
    (next: T) => {
      setState(next);
      const text = serialise(next);
      written.current = text;
      clearTimeout(pending.current);
      pending.current = setTimeout(
        () => router.replace(`${pathname}${text}`, { scroll: false }),
        delayMs,
      );
    },
    [router, pathname, serialise, delayMs],
  );
  return [state, update];
}
