import type { Metadata } from 'next';
import { PluginsPage } from '../../features/plugins/plugins-page.tsx';

export const metadata: Metadata = { title: 'Plugins' };

export default function Page() {
  return <PluginsPage />;
}
