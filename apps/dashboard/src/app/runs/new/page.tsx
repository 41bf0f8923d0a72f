import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingState } from '../../../components/states.tsx';
import { NewRunPage } from '../../../features/new-run/new-run-page.tsx';

export const metadata: Metadata = { title: 'New run' };

export default function Page() {
  return (
    <Suspense fallback={<LoadingState />}>
      <NewRunPage />
    </Suspense>
  );
}
