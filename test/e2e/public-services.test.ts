/**
 * The applicant's orientation pages in a real browser: a visitor reads a service's guide in the
 * catalogue (materials with formats and size, the time limit), looks a case up by number and USCC
 * (the field error without a second factor, a wrong USCC answered as not found, then the
 * timeline); a signed-in unit account sees the unread count on the header's bell, reads the
 * message in the message centre and marks it read. Screenshots at desktop width and 390 px.
 */
import { createApplication, createUnit, createUnitAccount } from '../support/factories';
import { newPage, fitsPhone, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { freshUscc } from '../support/fixtures';

const suite = browserSuite({
  workers: false,
  beforeStop: async (sys) => {
    const keys = await sys.redis.keys('rl:anon:case-lookup:*');
    if (keys.length) await sys.redis.del(...keys);
  },
});
const stamp = Date.now();

async function unitCase(tag: string) {
  const unit = await createUnit(suite.sys.db);
  const created = new Date(Date.now() - 3 * 86_400_000);
  const app = await createApplication(suite.sys.db, { processId: 'power-permit-new', status: 'in_review', unitId: unit.id, number: `PPN-WEB${tag}-${stamp}` });
  await suite.sys.db('applications').where({ id: app.id }).update({ created_at: created });
  await suite.sys.db('audit').insert([
    { application_id: app.id, actor: 'applicant', action: 'submit', to_status: 'submitted', at: created },
    // a middle step approved: still under review to the applicant
    { application_id: app.id, actor: 'reviewer1', action: 'task-complete', details: JSON.stringify({ decision: 'approve' }), at: new Date(created.getTime() + 3_600_000) },
  ]);
  return { unit, app };
}

it('a visitor reads a guide, then looks a case up by number and USCC and sees its timeline', async () => {
  const { unit, app } = await unitCase('L');
  const page = await newPage(suite.browser);
  await page.goto(`${suite.sys.url}/#/login`);
  await page.click('#services-link');
  const guide = page.locator('.svc-power-permit-new');
  await guide.locator('summary').click();
  expect(await guide.locator('.svc-materials').innerText()).toMatch(/法人声明[\s\S]*jpg, jpeg, png, pdf[\s\S]*5MB/);
  expect(await guide.locator('.svc-time').innerText()).toContain('法定 20 个工作日');
  expect(await guide.locator('.svc-steps li').count()).toBeGreaterThan(0);
  expect(await guide.locator('.svc-start').count()).toBe(0);
  expect(await guide.locator('.svc-signin').innerText()).toBe('登录后办理');
  await fitsPhone(page, 'public-services');

  await page.click('a[href="#/case-lookup"]');
  await page.fill('#lk-number', app.number);
  await page.click('#lk-search');
  // no USCC or mobile: the server's refusal on the USCC field
  await page.locator('.el-form-item.is-error').waitFor();
  expect(await page.locator('.el-form-item.is-error').innerText()).toContain('统一社会信用代码');
  await page.fill('#lk-uscc', freshUscc());
  await page.click('#lk-search');
  expect(await page.locator('#lk-none').innerText()).toContain('没有找到该办件');
  await page.fill('#lk-uscc', unit.uscc);
  await page.click('#lk-search');
  await page.locator('#lk-timeline').waitFor();
  expect(await page.locator('#lk-result h2').innerText()).toContain('电力设施许可');
  expect(await page.locator('#lk-timeline li').evaluateAll((els) => els.map((e) => e.className))).toEqual(['lk-step lk-submitted', 'lk-step lk-under-review']);
  expect(await page.locator('#lk-timeline').innerText()).toContain('已提交');
  expect(await page.locator('#lk-days').innerText()).toMatch(/已用 \d+ 个工作日，剩余 \d+ 个工作日（共 20 个）/);
  expect(await page.locator('#lk-next').innerText()).not.toBe('');
  await fitsPhone(page, 'case-lookup');
}, 90_000);

it('a unit account sees its unread message on the bell, reads it in the message centre and marks it read', async () => {
  const { unit, app } = await unitCase('M');
  const account = await createUnitAccount(suite.sys.db, unit.id);
  await suite.sys.db('notifications').insert({
    idempotency_key: `web-msg-${stamp}`, application_id: app.id, channel: 'email', recipient: account.email, template: 'decision',
    subject: '申请已受理 / Application accepted', body: '您的申请 <b>已受理</b>，请留意后续通知。', sent_at: new Date(),
  });
  const page = await signInPage(suite.browser, suite.sys.url, account.login, account.password);
  expect(await page.locator('#message-unread').innerText()).toBe('1');

  // the signed-in unit main account may start the service from its guide
  await page.goto(`${suite.sys.url}/#/services`);
  await page.locator('.svc-power-permit-new summary').click();
  expect(await page.locator('.svc-power-permit-new .svc-start').isVisible()).toBe(true);

  await page.click('#message-bell');
  const msg = page.locator('#msg-list li.msg-unread');
  await msg.waitFor();
  expect(await msg.locator('.msg-title').innerText()).toBe('申请已受理');
  expect(await msg.locator('.msg-number').innerText()).toBe(app.number);
  expect(await msg.locator('.msg-meta').innerText()).toContain('电力设施许可');
  // the text as sent, never as HTML
  expect(await msg.locator('.msg-body').innerText()).toContain('<b>已受理</b>');
  await fitsPhone(page, 'message-centre');
  await msg.locator('.msg-mark').click();
  await page.locator('#msg-list li.msg-read').waitFor();
  await page.locator('#message-unread').waitFor({ state: 'detached' });
  expect(await page.locator('#msg-counts').innerText()).toBe('共 1 条，未读 0 条');
  expect(await suite.sys.db('notification_reads').where({ account_id: account.id }).count('* as n').first()).toEqual({ n: '1' });
}, 90_000);
