import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AppNav } from '../components/app-nav.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Lumen', template: '%s · Lumen' },
  description:
    'What did the model look at, and does version B look at better evidence than version A?',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <Link href="/" className="brand">
            Lumen<span>.</span>
          </Link>
          <AppNav />
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
