import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // The core schema, and the tables each feature module keeps beside its code.
  schema: ['./src/server/db/schema.ts', './src/server/*/*.tables.ts'],
  // DRIZZLE_OUT lets the migration check generate into a scratch copy (test/db/migrations.test.ts).
  out: process.env.DRIZZLE_OUT ?? './src/server/db/migrations',
});
