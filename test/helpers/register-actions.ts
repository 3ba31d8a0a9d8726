import { expect } from 'vitest';
import { api, type Harness, type TestUser } from './harness.js';

/**
 * The action calls of one register at `base` (POST <base>/:id/actions/:action): raw, expected to succeed, expected
 * refused. `harness` is read at each call, so a file can make these at module level and start its harness in beforeAll.
 */
export function registerActions(harness: () => Harness, base: string) {
  const act = (user: TestUser, id: string, action: string, input: unknown = {}) => api(harness(), user, 'POST', `${base}/${id}/actions/${action}`, input);
  async function ok(user: TestUser, id: string, action: string, input: unknown = {}) {
    const r = await act(user, id, action, input);
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  }
  async function refused(user: TestUser, id: string, action: string, input: unknown, status: number, code: string) {
    const r = await act(user, id, action, input);
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(status);
    expect(r.body.error.code).toBe(code);
    return r.body;
  }
  return { act, ok, refused };
}
