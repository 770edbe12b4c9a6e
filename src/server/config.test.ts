// Configuration parsing: defaults, and every bad value listed at once.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded database in ./data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dbKind: 'pglite', databaseUrl: null, timeZone: 'Asia/Shanghai', districtCode: '220106' });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@localhost/db' }).dbKind).toBe('postgres');
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'x', DATABASE_URL: 'mysql://nope', SESSION_SECRET: 'short', DISTRICT_CODE: '22' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'DATABASE_URL', 'SESSION_SECRET', 'DISTRICT_CODE']) expect(problems).toContain(key);
    }
  });
});
