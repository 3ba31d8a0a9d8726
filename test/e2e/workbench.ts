/**
 * A browser journey through the workbench: the server started once for the file, each member of staff in their own
 * browser context, a screenshot of the last page when a step fails, and at the end a check that no page threw.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, newPerson, shot, startE2E, type E2E } from './server.js';

export function workbenchJourney(failedShot: string) {
  let e: E2E;
  /** every page opened, so a failure shows the last and the end checks none threw */
  const people: Page[] = [];
  beforeAll(async () => void (e = await startE2E()));
  afterEach(async ({ task }) => {
    const last = people.at(-1);
    if (task.result?.state === 'fail' && last) await shot(last, `${failedShot}-${task.name.slice(0, 30)}`, false).catch(() => {});
  });
  afterAll(async () => {
    const thrown = people.flatMap((p) => (p as Page & { errors: string[] }).errors);
    expect(thrown, 'uncaught errors in the pages').toEqual([]);
    await e?.close();
  });
  /** A member of staff on a page of the workbench, in their own browser context (signed in through the API: the login page has its own journey). */
  async function staff(username: string, path = '/queue'): Promise<Page> {
    const { ctx, page } = await newPerson(e);
    people.push(page);
    const res = await ctx.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
    expect(res.ok(), `login ${username}`).toBe(true);
    await page.goto(path);
    return page;
  }
  return { e: () => e, staff };
}
