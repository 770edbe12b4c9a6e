import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // The core schema, and the tables each feature module keeps beside its code.
  schema: ['./src/server/db/schema.ts', './src/server/*/*.tables.ts'],
  out: './src/server/db/migrations',
});
