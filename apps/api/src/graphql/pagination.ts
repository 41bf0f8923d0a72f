import { UserFacingError } from './errors.ts';

export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw new UserFacingError('INVALID_INPUT', 'malformed cursor; pass an endCursor you received', { path: ['after'] });
  return { createdAt, id };
}

/** Rows strictly after the cursor in (createdAt desc, id desc) order. */
export function afterCursor(cursor: string | null | undefined) {
  if (!cursor) return {};
  const { createdAt, id } = decodeCursor(cursor);
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

export const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

export function clampFirst(first: number | null | undefined, max = 200): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UserFacingError('INVALID_INPUT', `first is an integer from 1 to ${max}`, { path: ['first'] });
  return n;
}

/** Fetches first + 1 rows to know whether another page exists. */
export function connection<T extends { createdAt: Date; id: string }>(rows: T[], first: number, totalCount: number) {
  const page = rows.slice(0, first);
  return {
    edges: page.map((node) => ({ node, cursor: encodeCursor(node) })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeCursor(page[page.length - 1] as T) : null },
    totalCount,
  };
}
