import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingState } from '../../components/states.tsx';
import { ComparePage } from '../../features/compare/compare-page.tsx';

export const metadata: Metadata = { title: 'Compare' };

export default function Page() {
  return (
    <Suspense fallback={<LoadingState />}>
      <ComparePage />
    </Suspense>
  );
}
