import { defineConfig } from 'drizzle-kit';

// Migrations are generated from server/schema.ts and committed; `npm run db:generate -- --name verb_noun`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/schema.ts',
  out: './drizzle',
});
