import { defineConfig } from 'prisma/config';
// Prisma 6.19's own pg adapter cannot read Postgres' `name` type, which `migrate` needs
// (prisma/prisma#27403); the 7.x adapter can. The app's runtime client uses the 6.19 adapter.
import { PrismaPg } from '@prisma/adapter-pg-7';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    return new PrismaPg({ connectionString: process.env['DATABASE_URL'] });
  },
});
