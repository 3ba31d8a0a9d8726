import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.warnFractions).toEqual([0.8]);
    expect(c.warnHoursBefore).toEqual([24]);
    expect(c.dataDir.endsWith('data')).toBe(true);
  });

  it('reads warning points, port and database, and names a bad value', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://x/y', MINSHENG_WARN_AT: '0.5, 0.9', MINSHENG_WARN_HOURS_BEFORE: '48,2' });
    expect(c).toMatchObject({ port: 8080, databaseUrl: 'postgres://x/y', warnFractions: [0.5, 0.9], warnHoursBefore: [48, 2] });
    expect(() => loadConfig({ MINSHENG_WARN_AT: '80%' })).toThrow(/MINSHENG_WARN_AT/);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
  });
});
