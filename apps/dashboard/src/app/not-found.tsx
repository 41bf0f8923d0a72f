import Link from 'next/link';
import { EmptyState } from '../components/states.tsx';

export default function NotFound() {
  return (
    <EmptyState title="Not found">
      There is nothing at this address. <Link href="/compare">Go to the comparison</Link>.
    </EmptyState>
  );
}
