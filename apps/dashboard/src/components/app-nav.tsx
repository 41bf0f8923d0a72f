'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/compare', label: 'Compare' },
  { href: '/runs', label: 'Runs' },
  { href: '/runs/new', label: 'New run' },
  { href: '/models', label: 'Models' },
  { href: '/plugins', label: 'Plugins' },
  { href: '/workers', label: 'Workers' },
];

function isCurrent(pathname: string, href: string): boolean {
  if (href === '/runs')
    return (
      pathname === '/runs' || (pathname.startsWith('/runs/') && !pathname.startsWith('/runs/new'))
    );
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function AppNav() {
  const pathname = usePathname();
  return (
    <nav className="app-nav" aria-label="Main">
      <ul>
        {LINKS.map((link) => (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={isCurrent(pathname, link.href) ? 'page' : undefined}
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
