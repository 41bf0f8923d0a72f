import { issueApiKey, type IssuedKey } from '../auth/api-keys.ts';
import type { Db } from '../db/client.ts';
import type { Team } from '../generated/prisma/client.ts';

export function slugify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'team';
}

/** Create a team (or find it by slug) and issue it a new API key. */
export async function createTeamWithKey(db: Db, name: string, keyName = 'default'): Promise<{ team: Team; key: IssuedKey }> {
  const slug = slugify(name);
  const team = await db.team.upsert({ where: { slug }, update: {}, create: { name, slug } });
  return { team, key: await issueApiKey(db, team.id, keyName) };
}
