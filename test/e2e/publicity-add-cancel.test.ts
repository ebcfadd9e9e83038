/**
 * A unit in a real browser: adds items for two persons in one batch (the consent names "2 persons,
 * 3 items"), sees the persons due for renewal offered afterwards, then requests the cancellation
 * of one person with a reason, finds the request PDF and uploads the stamped form; the reviewer's
 * task shows the person and the reason. Screenshots go to test-artifacts/.
 */
import { addDays } from '../../domain/publicity/rules';
import { shot, signInPage } from '../support/browser';
import { PNG } from '../support/fixtures';
import { createAccount, eventually } from '../support/harness';
import { seedPerson, today, unitWithAccount } from '../support/publicity-fixtures';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite();

it('batch add with consent, renewals offered, cancellation with a reason, PDF and stamped form', async () => {
  const { unit, login, password } = await unitWithAccount(suite.sys.db);
  const quals = [{ itemCode: 'Y-GL', grade: 2 }, { itemCode: 'Y-RQ', grade: 2 }];
  const a = await seedPerson(suite.sys.db, { name: '页面追加甲', qualifications: [...quals, { itemCode: 'Y-DT', grade: 1 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id });
  const b = await seedPerson(suite.sys.db, { name: '页面追加乙', qualifications: quals, recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id });
  const due = await seedPerson(suite.sys.db, { name: '页面续期丙', qualifications: [quals[0]], recordItems: [quals[0]], unitId: unit.id, validUntil: addDays(today(), 20) });

  const page = await signInPage(suite.browser, suite.sys.url, login, password);
  await page.goto(`${suite.sys.url}/#/publicity/add`);
  await page.waitForSelector('#add-candidates');
  expect(await page.locator('#add-candidates tbody tr').count()).toBe(2);
  await page.waitForSelector(`#renewals tr.person-${due.id}`);
  await page.check('#add-all');
  await page.click('#add-next');
  const consent = page.locator('#consent-text');
  await consent.waitFor();
  expect(await consent.getAttribute('data-persons')).toBe('2');
  expect(await consent.getAttribute('data-items')).toBe('3');
  expect(await consent.innerText()).toContain('2 人所涉及的 3 个项目');
  // without ticking the consent the server refuses
  await page.click('#add-submit');
  await page.waitForSelector('#consent-errors');
  await page.check('#consent');
  await shot(page, 'publicity-add-consent');
  await page.click('#add-submit');
  const done = page.locator('#add-done');
  await done.waitFor();
  const number = await done.getAttribute('data-number');
  const app = await eventually(async () => (await suite.sys.db('applications').where({ number, status: 'approved' }).first()) ?? undefined, 30000, 'batch applied');
  expect((await suite.sys.db('publicity_records').where({ practitioner_id: a.id, status: 'active' }).first()).items).toEqual([{ itemCode: 'Y-DT', grade: 1 }, { itemCode: 'Y-GL', grade: 2 }, { itemCode: 'Y-RQ', grade: 2 }]);
  expect(app.unit_id).toBe(unit.id);
  await page.waitForSelector(`#renewals tr.person-${due.id} a`);
  await shot(page, 'publicity-add-done');

  // cancellation of b, with a reason
  await page.goto(`${suite.sys.url}/#/publicity/cancel`);
  await page.waitForSelector('#cancel-candidates');
  await page.check(`#cancel-candidates .pick[value="${b.id}"]`);
  await page.fill(`input.reason[data-person="${b.id}"]`, '调离本单位');
  await page.fill('#c-contact', '页面联系人');
  await page.fill('#c-phone', '010-88889999');
  await page.click('#cancel-submit');
  await page.waitForURL(/#\/publicity\/cancellation\//);
  await page.waitForSelector('#cancel-docs a', { timeout: 30000 });
  expect(await page.locator('main').innerText()).toContain('调离本单位');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#stamped')]);
  await chooser.setFiles({ name: '盖章注销申请表.png', mimeType: 'image/png', buffer: PNG });
  await page.click('#upload-stamped');
  await page.waitForSelector('#case-status[data-status="in_review"]');
  // the Chinese file name survives the upload
  expect(await page.locator('a[href^="/api/files/"]').innerText()).toBe('盖章注销申请表.png');
  await shot(page, 'publicity-cancel-uploaded');

  // the reviewer's task shows the person and the reason
  const cancelId = page.url().split('/').pop()!;
  const task = await eventually(async () => (await suite.sys.db('tasks').where({ application_id: cancelId, state: 'CREATED' }).first()) ?? undefined, 30000, 'review task');
  const r = await createAccount(suite.sys, { groups: ['publicity-reviewers'] });
  const reviewer = await signInPage(suite.browser, suite.sys.url, r.login, r.password);
  await reviewer.goto(`${suite.sys.url}/#/task/${task.user_task_key}`);
  await reviewer.waitForSelector('#cancel-persons');
  expect(await reviewer.locator('#cancel-persons').innerText()).toContain('页面追加乙');
  expect(await reviewer.locator('#cancel-persons').innerText()).toContain('调离本单位');
  await shot(reviewer, 'publicity-cancel-review');
}, 120_000);
