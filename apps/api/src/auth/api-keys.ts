import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client.ts';

/**
 * API keys look like `lmn_<prefix>_<secret>`. The prefix finds the key and shows which one
 * was used; only a SHA-256 of the secret is stored (keys are random, so a fast hash is enough).
 */
const KEY_PATTERN = /^lmn_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface IssuedKey {
  id: string;
  /** The full key: shown once, never stored. */
  key: string;
  prefix: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `lmn_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export async function issueApiKey(db: Db, teamId: string, name: string): Promise<IssuedKey> {
  const { key, prefix, secretHash } = generateKey();
  const row = await db.apiKey.create({ data: { teamId, name, prefix, secretHash } });
  return { id: row.id, key, prefix };
}

export interface Principal {
  teamId: string;
  apiKeyId: string;
}

/** The team a key belongs to, or null for a malformed, unknown or revoked key. */
export async function authenticate(db: Db, key: string | undefined): Promise<Principal | null> {
  const match = key ? KEY_PATTERN.exec(key.trim()) : null;
  if (!match) return null;
  const [, prefix, secret] = match as unknown as [string, string, string];
  const row = await db.apiKey.findUnique({ where: { prefix } });
  if (!row || row.revokedAt) return null;
  const expected = Buffer.from(row.secretHash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  // Bookkeeping only; a failure here must not fail the request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    void db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return { teamId: row.teamId, apiKeyId: row.id };
}

/** `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function keyFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers['authorization'];
  const value = Array.isArray(auth) ? auth[0] : auth;
  if (value?.toLowerCase().startsWith('bearer ')) return value.slice(7).trim();
  const header = headers['x-api-key'];
  return Array.isArray(header) ? header[0] : header;
}
