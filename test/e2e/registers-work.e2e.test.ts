/**
 * The work of three registers in a real browser against the real server and the seeded demo city, one journey per
 * register, a screenshot per step: a return visit (an unreached attempt, then a reached one, onto the case's
 * timeline), a dispute (registered with its parties, assigned, mediated, concluded by an agreement; the 第三十三条
 * window), a hazard (registered with a map point, assigned with a leader and deadline, planned, a photo of the
 * rectified site, reported, verified by another person, closed out; the board by area × grade).
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { pickUnit, shot } from './server.js';
import { act, choose, cstDay, day, field, submit, text, write } from './forms.js';
import { workbenchJourney } from './workbench.js';

const { staff } = workbenchJourney('failed-work');

/** Opens a register's list from the 台账 menu. */
async function openRegister(page: Page, menu: string, key: string) {
  await page.getByRole('menuitem', { name: menu }).click();
  await page.waitForURL(new RegExp(`/registers/${key}$`));
}

/** Opens a register from the menu, then its create form. */
async function openCreate(page: Page, menu: string, key: string): Promise<Locator> {
  await openRegister(page, menu, key);
  await page.getByTestId('register-create').click();
  return page.getByTestId('schema-drawer');
}

/** Goes from a register's list to its board; answers the board's text once drawn. */
async function boardText(page: Page, key: string): Promise<string> {
  await page.goto(`/registers/${key}`);
  await page.getByTestId('register-board-link').click();
  await page.getByTestId('register-board').waitFor();
  return text(page.getByTestId('register-board'));
}

/** Submits a create form; answers the new record's path. */
async function created(page: Page, drawer: Locator, key: string): Promise<string> {
  await submit(page, drawer, 'register-create-submit');
  await page.waitForURL(new RegExp(`/registers/${key}/[0-9a-f-]{36}$`));
  return new URL(page.url()).pathname;
}

/** Picks an option of a list page's filter select; on a loaded machine the first click can miss the opening dropdown, so it retries until the URL shows the filter. */
async function filterBy(page: Page, label: string, option: string, url: RegExp) {
  const box = page.getByRole('combobox', { name: label });
  for (let attempt = 0; attempt < 3; attempt++) {
    await box.click();
    const list = await box.getAttribute('aria-controls');
    const opt = page.locator(`.ant-select-dropdown:has([id="${list}"]) .ant-select-item-option`, { hasText: option }).first();
    try {
      await opt.waitFor({ timeout: 10_000 });
      await page.waitForTimeout(200);
      await opt.click({ timeout: 10_000 });
      await page.waitForURL(url, { timeout: 10_000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
    }
  }
  throw new Error(`could not filter ${label} by ${option}`);
}

/** Fills a form by its labels, in order: text typed, `{ choose }` picked from the select. */
async function fillIn(scope: Locator, values: Record<string, string | { choose: string | RegExp }>) {
  for (const [label, v] of Object.entries(values)) await (typeof v === 'string' ? write(scope, label, v) : choose(scope, label, v.choose));
}

describe('回访 (return visits) in the browser', () => {
  let taskUrl = '';

  it('return-visit staff open a due task from 回访任务 and see the petitioner to call, masked until revealed', async () => {
    const page = await staff('returnvisit');
    await openRegister(page, '回访任务', 'visits');
    await filterBy(page, '状态', '待回访', /status=due/);
    await expect(text(page.locator('tbody tr.ant-table-row').first())).resolves.toContain('待回访');
    await shot(page, 'registers-work-visits-1-due-list');
    // the first due task whose petitioner left a way to be called (an anonymous matter's task says it has none)
    const tasks = await page.locator('tbody tr.ant-table-row td:first-child a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const href of tasks) {
      await page.goto(href);
      await page.locator('[data-status="due"]').waitFor();
      if ((await page.getByTestId('reveal-contact').count()) > 0) break;
      await expect(text(page.getByTestId('record-people'))).resolves.toContain('匿名');
    }
    taskUrl = new URL(page.url()).pathname;
    const contact = page.getByTestId('record-people');
    // masked (张** / 138****1234 / j**@example.com — whichever contact the petitioner gave) until revealed
    await expect(text(contact)).resolves.toContain('**');
    await contact.getByTestId('reveal-contact').click();
    await contact.getByText('隐藏联系方式').waitFor();
    await expect(text(contact)).resolves.not.toContain('**');
    await shot(page, 'registers-work-visits-2-task-revealed');
  });

  it('records an unreached attempt: the retry plan (next attempt, attempts left) is shown', async () => {
    const page = await staff('returnvisit', taskUrl);
    await act(page, 'record_unreached', '待再次回访', async (d) => {
      await choose(d, '回访方式', '电话');
      await write(d, '说明', '电话无人接听，约定次日上午再次回访。');
    });
    const log = page.getByTestId('record-list-attemptLog');
    await expect(text(log)).resolves.toContain('电话无人接听');
    await expect(text(log.locator('thead'))).resolves.toContain('下次回访时间');
    const allowed = Number(await text(page.locator('[data-field="maxAttempts"]')));
    await expect(text(page.locator('[data-field="attemptsLeft"]'))).resolves.toBe(String(allowed - 1));
    await expect(text(page.locator('[data-field="nextAttemptAt"]'))).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await shot(page, 'registers-work-visits-3-unreached');
  });

  it('completes a reached visit (solved, satisfied), and the case’s timeline shows the return visit', async () => {
    const page = await staff('returnvisit', taskUrl);
    await act(page, 'complete', '已回访', async (d) => {
      await choose(d, '回访方式', '电话');
      await choose(d, '解决情况', /^解决$/);
      await choose(d, '满意度', /^满意$/);
      await write(d, '回访意见', '问题已解决，群众表示满意。');
    });
    await expect(text(page.locator('[data-field="solvedLabel"]'))).resolves.toBe('解决');
    await expect(text(page.locator('[data-field="satisfiedLabel"]'))).resolves.toBe('满意');
    await expect(text(page.getByTestId('record-list-attemptLog').locator('tbody tr.ant-table-row').last())).resolves.toContain('问题已解决');
    await shot(page, 'registers-work-visits-4-done');
    await page.getByTestId('register-case-link').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByTestId('timeline').getByText(/记录回访|回访情况记入时间线/).first().waitFor();
    await shot(page, 'registers-work-visits-5-case-timeline');
  });
});

describe('矛盾纠纷调解 (dispute mediation) in the browser', () => {
  let disputeUrl = '';

  it('a mediator registers a dispute with its parties', async () => {
    const page = await staff('mediator');
    const d = await openCreate(page, '矛盾纠纷调解', 'disputes');
    await fillIn(d, {
      纠纷类型: { choose: '邻里纠纷' },
      纠纷名称: '金桥小区楼上空调外机滴水纠纷',
      纠纷情况: '楼上住户空调外机冷凝水长期滴落在楼下阳台，双方多次争吵，楼下住户要求加装排水管。',
      地点: '东湖区湖滨街道金桥小区3栋',
      来源: { choose: '来访' },
    });
    await fillIn(d.getByTestId('list-parties-0'), { 姓名: '李春梅', 电话: '13907150321', 当事人身份: { choose: '申请人' } });
    await fillIn(d.getByTestId('list-parties-1'), { 姓名: '王建国', 电话: '13807150456', 当事人身份: { choose: '被申请人' } });
    await shot(page, 'registers-work-disputes-1-register', false);
    disputeUrl = await created(page, d, 'disputes');
    await page.locator('[data-status="registered"]').waitFor();
    const parties = page.getByTestId('record-people');
    await expect(text(parties)).resolves.toContain('李**');
    await expect(text(parties)).resolves.toContain('139****0321');
    await expect(text(parties)).resolves.toContain('被申请人');
  });

  it('assigns it to a committee and one of its mediators, chosen from the committee’s list', async () => {
    const page = await staff('mediator', disputeUrl);
    await act(page, 'assign', '已指派，待受理', async (d) => {
      await pickUnit(d, '人民调解委员会', '东湖区湖滨街道');
      await choose(d, '调解员', '袁卫东');
    });
    await expect(text(page.locator('[data-field="mediatorName"]'))).resolves.toContain('袁卫东');
    await shot(page, 'registers-work-disputes-2-assigned');
  });

  it('the committee’s mediator accepts, calls the parties (revealed, audited) and records a session', async () => {
    const page = await staff('dh.hb.mediator', disputeUrl);
    await act(page, 'accept', '调解中', async (d) => {
      await choose(d, '调解启动方式', '当事人申请调解');
      await field(d, '各方当事人同意调解').locator('.ant-switch').click();
    });
    const parties = page.getByTestId('record-people');
    await parties.getByTestId('reveal-contact').click();
    await parties.getByText('13907150321').waitFor();
    await act(page, 'record_session', '调解中', async (d) => {
      await day(d, '调解日期', cstDay());
      await write(d, '调解记录', '双方到场陈述，楼上住户同意加装冷凝水排水管，楼下住户同意不再追究此前损失。');
    });
    await expect(text(page.getByTestId('record-list-sessions'))).resolves.toContain('加装冷凝水排水管');
    await shot(page, 'registers-work-disputes-3-session');
  });

  it('concludes an agreement with a performance deadline; the judicial-confirmation window clock runs', async () => {
    const page = await staff('dh.hb.mediator', disputeUrl);
    await act(page, 'conclude_agreement', '已达成协议，履行中', async (d) => {
      await write(d, '协议内容', '楼上住户于十日内自费加装空调冷凝水排水管，楼下住户放弃其他请求。');
      await choose(d, '协议形式', '书面调解协议书');
      await day(d, '履行期限（最后一日）', cstDay(10));
    });
    await expect(text(page.locator('[data-field="performanceDueOn"]'))).resolves.toBe(cstDay(10));
    const clocks = page.getByTestId('clocks');
    await expect(text(clocks)).resolves.toContain('司法确认');
    await expect(text(clocks)).resolves.toContain('履行');
    await shot(page, 'registers-work-disputes-4-agreement');
  });

  it('a supervisor may read it but not unmask the parties: the refusal is shown', async () => {
    const page = await staff('supervisor', disputeUrl);
    const parties = page.getByTestId('record-people');
    await parties.getByTestId('reveal-contact').click();
    await parties.getByTestId('reveal-error').waitFor();
    await expect(text(parties)).resolves.toContain('139****0321');
    await shot(page, 'registers-work-disputes-5-reveal-refused');
  });

  it('the board counts open disputes by type × status', async () => {
    const page = await staff('mediator');
    const board = await boardText(page, 'disputes');
    expect(board).toContain('邻里纠纷');
    expect(board).toContain('已达成协议，履行中');
    await shot(page, 'registers-work-disputes-6-board');
  });
});

// a small real PNG (16 × 16, one colour)
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGPQ6w4nCTGMahjVMHw1AABycBAQheHuJwAAAABJRU5ErkJggg==',
  'base64',
);

describe('风险隐患 (hazards) in the browser', () => {
  let hazardUrl = '';

  it('the petition office registers a major hazard with a map point', async () => {
    const page = await staff('dispatcher');
    const d = await openCreate(page, '风险隐患', 'hazards');
    await fillIn(d, {
      来源: { choose: '排查发现' },
      隐患类型: { choose: '燃气安全' },
      隐患等级: { choose: '重大隐患' },
      隐患名称: '东湖路老旧小区地下燃气管道锈蚀',
      隐患情况: '排查发现东湖路12号院地下燃气管道多处锈蚀，有轻微泄漏迹象，周边住户约300户。',
      地点: '东湖区东湖路12号院',
      纬度: '30.5812',
      经度: '114.3521',
      '发现单位（人）': '市住建局燃气安全排查组',
    });
    await shot(page, 'registers-work-hazards-1-register', false);
    hazardUrl = await created(page, d, 'hazards');
    await page.locator('[data-status="reported"]').waitFor();
    await expect(text(page.locator('[data-field="lat"]'))).resolves.toBe('30.5812');
    await expect(text(page.locator('[data-field="gradeLabel"]'))).resolves.toBe('重大隐患');
  });

  it('assigns it to the responsible unit with a deadline and a responsible leader', async () => {
    const page = await staff('dispatcher', hazardUrl);
    await act(page, 'assign', '已交办，待制定整改方案', async (d) => {
      await pickUnit(d, '责任单位', '江城市住房和城乡建设局');
      const leader = d.getByTestId('group-leader');
      await write(leader, '姓名', '周志强');
      await write(leader, '职务', '市住建局分管副局长');
      await write(d, '整改期限（天）', '15');
      await write(d, '整改要求', '立即设置警戒区，落实临时管控，15日内完成管道更换。');
    });
    await expect(text(page.locator('[data-field="leaderName"]'))).resolves.toBe('周志强');
    await expect(text(page.getByTestId('clocks'))).resolves.toContain('15');
    await shot(page, 'registers-work-hazards-2-assigned');
  });

  it('the unit records its plan, uploads a photo of the rectified site and reports the work done', async () => {
    const page = await staff('zjj.handler', hazardUrl);
    await act(page, 'plan', '整改中', async (d) => {
      await write(d, '整改方案（一案一策）', '更换锈蚀管段60米，整改期间每日巡检并安排燃气公司人员值守，所需资金由产权单位承担。');
    });
    const photos = page.getByTestId('record-photos');
    await photos.getByText('须先上传整改后照片').waitFor();
    await expect(page.locator('[data-action="report_rectified"]').count()).resolves.toBe(0);
    await shot(page, 'registers-work-hazards-3-plan');
    const chooser = page.waitForEvent('filechooser');
    await photos.getByTestId('photo-upload-rectified').click();
    await (await chooser).setFiles({ name: '管道更换后.png', mimeType: 'image/png', buffer: PNG });
    await photos.getByTestId('photo').filter({ hasText: '管道更换后.png' }).waitFor();
    await page.locator('[data-action="report_rectified"]').waitFor();
    await shot(page, 'registers-work-hazards-4-photo');
    await act(page, 'report_rectified', '整改完成，待现场核查', async (d) => {
      await write(d, '整改情况', '已更换锈蚀管段60米并通过气密性试验，现场恢复供气，警戒区已撤除。');
    });
    await shot(page, 'registers-work-hazards-5-reported');
  });

  it('another person verifies on site; the office closes it out (销号)', async () => {
    const checker = await staff('supervisor', hazardUrl);
    await act(checker, 'verify_pass', '核查通过，待销号', async (d) => {
      await write(d, '核查意见', '现场核查：新管段已投用，检测无泄漏，整改前后照片一致。');
    });
    await shot(checker, 'registers-work-hazards-6-verified');
    const office = await staff('dispatcher', hazardUrl);
    await act(office, 'close', '已销号', async (d) => {
      await write(d, '销号说明', '整改到位，予以销号。');
    });
    await expect(text(office.getByTestId('record-photos'))).resolves.toContain('管道更换后.png');
    await shot(office, 'registers-work-hazards-7-closed');
  });

  it('the board counts open hazards by area × grade; the record reads in English', async () => {
    const page = await staff('dispatcher');
    const board = await boardText(page, 'hazards');
    expect(board).toMatch(/区（县）.*隐患等级/);
    expect(board).toContain('重大隐患');
    expect(board).toContain('江城市东湖区');
    await shot(page, 'registers-work-hazards-8-board');
    await page.goto(hazardUrl);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Closed out').first().waitFor();
    await expect(text(page.getByTestId('record-photos'))).resolves.toContain('Rectified');
    await shot(page, 'registers-work-hazards-9-english');
  });
});

describe('a petition referred to mediation from the case page', () => {
  it('the case page offers 转人民调解 on an appeal in handling; the dispute opens linked to the case (信访工作条例 第三十三条)', async () => {
    const page = await staff('mediator');
    const list = await (await page.request.get('/api/cases?status=accepted&kind=appeal&limit=50')).json();
    const open = await (await page.request.get('/api/disputes?open=true&limit=500')).json();
    const taken = new Set(open.items.map((d: { caseId: string | null }) => d.caseId));
    const c = list.items.find((x: { id: string }) => !taken.has(x.id));
    expect(c, 'an accepted appeal without a dispute in the demo').toBeTruthy();
    await page.goto(`/cases/${c.id}`);
    await page.getByTestId('case-to-mediation').click();
    await page.waitForURL(/\/registers\/disputes\?fromCase=/);
    const d = page.getByTestId('schema-drawer');
    await d.waitFor();
    await choose(d, '纠纷类型', '邻里纠纷');
    // the petition's petitioners become the applicants; the other side is named here
    await fillIn(d.getByTestId('list-parties-0'), { 姓名: '某物业服务公司', 当事人身份: { choose: '被申请人' } });
    await shot(page, 'registers-dispute-from-petition-1-form', false);
    await created(page, d, 'disputes');
    await page.getByTestId('register-case-link').waitFor();
    await shot(page, 'registers-dispute-from-petition-2-dispute');
    await page.getByTestId('register-case-link').click();
    await page.waitForURL(/\/cases\//);
    await page.getByTestId('timeline').getByText('转人民调解', { exact: true }).first().waitFor();
  });
});
