'use client';

import { ErrorState } from '../components/states.tsx';

export default function Error({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorState error={error} title="This page failed" retry={reset} />;
}
