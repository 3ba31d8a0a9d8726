/** Filling the generated forms (SchemaForm) of the workbench in a browser: by label, as a person does. */
import type { Locator, Page } from 'playwright-core';
import { shot } from './server.js';

/** The form item of a generated form with this label (exactly), inside `scope`. */
export const field = (scope: Locator, label: string) => scope.locator('.ant-form-item').filter({ has: scope.page().getByText(label, { exact: true }) }).first();

/** Types into the text field (one line or long) with this label. */
export const write = (scope: Locator, label: string, value: string) => field(scope, label).locator('input, textarea').first().fill(value);

/** Picks an option of a select by its text, in that select's own dropdown (another may still be fading out). */
export async function choose(scope: Locator, label: string, option: string | RegExp) {
  const item = field(scope, label);
  const picked = (t: string) => (typeof option === 'string' ? t.includes(option) : option.test(t));
  // on a loaded machine a click can land while the dropdown is still moving: check the choice took, else again
  for (let attempt = 0; attempt < 3; attempt++) {
    await item.locator('.ant-select').click();
    const list = await item.locator('input[role="combobox"]').getAttribute('aria-controls');
    const opt = scope.page().locator(`.ant-select-dropdown:has([id="${list}"]) .ant-select-item-option`, { hasText: option }).first();
    await opt.waitFor();
    await scope.page().waitForTimeout(200);
    await opt.click();
    await scope.page().waitForTimeout(150);
    if (picked((await item.locator('.ant-select').textContent()) ?? '')) return;
  }
  throw new Error(`could not choose ${String(option)} in ${label}`);
}

/** Types a day (YYYY-MM-DD) into a date picker; leaving the field takes it (Enter would submit the form). */
export async function day(scope: Locator, label: string, value: string) {
  const input = field(scope, label).locator('input');
  await input.click();
  await input.fill(value);
  await input.press('Tab');
}

/** Submits the open generated form; on failure says which messages kept it open. */
export async function submit(page: Page, drawer: Locator, testId = 'register-submit') {
  await drawer.getByTestId(testId).click();
  try {
    await drawer.waitFor({ state: 'detached' });
  } catch (err) {
    const shown = await drawer.locator('.ant-alert, .ant-form-item-explain-error').allTextContents();
    throw new Error(`the form stayed open: ${JSON.stringify(shown)}`, { cause: err });
  }
}

export const text = async (l: Locator) => (await l.textContent()) ?? '';

/** Runs one allowed action of the open record through its generated form, then waits for the record's new status. */
export async function act(page: Page, action: string, status: string, fill: (drawer: Locator) => Promise<void>) {
  await page.locator(`[data-action="${action}"]`).click();
  const drawer = page.getByTestId('schema-drawer');
  await drawer.waitFor();
  await fill(drawer);
  await submit(page, drawer);
  await page.locator('[data-status]', { hasText: status }).first().waitFor();
}

/** A day in China Standard Time, `offsetDays` from today (YYYY-MM-DD). */
export const cstDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

// ------------------------------------------------------------------------------------------------ case actions

/** Opens an action's drawer from the buttons the server allowed. */
export async function openAction(page: Page, action: string): Promise<Locator> {
  await page.locator(`[data-action="${action}"]`).click();
  const drawer = page.getByTestId(`action-drawer-${action}`);
  await drawer.waitFor();
  return drawer;
}

export async function submitAction(page: Page, action: string) {
  const drawer = page.getByTestId(`action-drawer-${action}`);
  await drawer.getByTestId('action-submit').click();
  try {
    await drawer.waitFor({ state: 'detached' });
  } catch (err) {
    // say why the drawer stayed open: the form's own messages
    await shot(page, `failed-${action}`, false);
    const shown = await drawer.locator('[data-testid="action-error"], .ant-form-item-explain-error').allTextContents();
    throw new Error(`${action}: drawer still open; messages: ${JSON.stringify(shown)}`, { cause: err });
  }
  await page.locator('.ant-message-success').first().waitFor();
}
