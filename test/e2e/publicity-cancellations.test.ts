/**
 * The cancellation list (执业公示注销申请, manual §3.3.4) in a real browser: opened from the menu,
 * the conditions (name, request number, status) filter on the server; a 待提交 request shows its
 * print link and is deleted after a confirmation; a request in review shows its courier number and
 * offers no delete; 申请注销 opens the person picker. Screenshots at desktop width and 390 px.
 */
import { issueDocument } from '../../db/documents';
import { addPublicityApplicationRow } from '../../db/publicity/practitioners';
import { DOCUMENT_KIND, PROCESS } from '../../domain/registry';
import { fitsPhone, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { createApplication } from '../support/factories';
import { seedPerson, unitWithAccount } from '../support/publicity-fixtures';

const suite = browserSuite({ workers: false });

it('lists, filters, prints and deletes cancellation requests; 待提交 until handed in', async () => {
  const { db, url, config } = suite.sys;
  const { unit, login, password } = await unitWithAccount(db);
  const people = [];
  for (const name of ['页面注销甲', '页面注销乙', '页面注销丙']) {
    people.push(await seedPerson(db, { name, qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id }));
  }
  const tag = Date.now().toString().slice(-6);
  const made: Record<string, { id: string; number: string }> = {};
  const rows: Array<[string, string, number, Record<string, unknown>]> = [
    ['pending', 'pending', 0, {}],
    ['review', 'in_review', 1, { courierNumber: 'SF1234567890' }],
    ['approved', 'approved', 2, { courierNumber: 'YT5550001111' }],
  ];
  for (const [key, status, who, data] of rows) {
    const number = `D2026E${tag}${rows.findIndex((r) => r[0] === key)}`;
    const app = await createApplication(db, { processId: PROCESS.publicityCancel, status, unitId: unit.id, number, data: { type: 'cancel', contactName: '页面联系人', contactPhone: '010-88887777', ...data } });
    await addPublicityApplicationRow(db, { applicationId: app.id, practitionerId: people[who].id, unitId: unit.id, type: 'cancel', reason: '调离' });
    made[key] = { id: app.id, number };
  }
  const doc = await issueDocument({ db, fileStoreDir: config.fileStoreDir, publicUrl: 'https://permitflow.example', now: () => new Date() }, {
    key: `${DOCUMENT_KIND.publicityCancellationRequest}:${made.pending.id}`, kind: DOCUMENT_KIND.publicityCancellationRequest, title: '执业公示注销申请表', applicationId: made.pending.id, unitId: unit.id,
    number: made.pending.number, layout: { title: '执业公示注销申请表', sections: [{ paragraphs: ['页面注销甲'] }] },
  });

  const page = await signInPage(suite.browser, url, login, password);
  await page.click('[data-menu="publicity-cancellations"]');
  await page.waitForURL(/#\/publicity\/cancellations$/);
  await page.waitForSelector(`.list-table tr.number-${made.approved.number}`);
  expect(await page.locator('.list-table tbody tr').count()).toBe(3);
  const pendingRow = page.locator(`.list-table tr.number-${made.pending.number}`);
  expect(await pendingRow.innerText()).toContain('待提交');
  expect(await pendingRow.locator('.cancel-print').getAttribute('href')).toBe(`/api/documents/${doc.id}`);
  const reviewRow = page.locator(`.list-table tr.number-${made.review.number}`);
  expect(await reviewRow.innerText()).toContain('SF1234567890');
  expect(await reviewRow.locator('.cancel-delete').count()).toBe(0);
  await fitsPhone(page, 'publicity-cancellations');

  // conditions: a person's name, then the status
  await page.fill('#cq-name', '注销乙');
  await page.click('.conditions button[type=submit]');
  await page.waitForFunction("document.querySelectorAll('.list-table tbody tr').length === 1");
  expect(await page.locator('.list-table tbody tr').innerText()).toContain(made.review.number);
  await page.click('.conditions button:has-text("重置")');
  await page.waitForFunction("document.querySelectorAll('.list-table tbody tr').length === 3");
  await page.evaluate('window.scrollTo(0, 0)');
  await page.locator('label:has(#cq-status) .el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '待提交' }).click();
  await page.click('.conditions button[type=submit]');
  await page.waitForFunction("document.querySelectorAll('.list-table tbody tr').length === 1");
  expect(await page.locator('.list-table tbody tr').innerText()).toContain(made.pending.number);
  await fitsPhone(page, 'publicity-cancellations-filtered');

  // delete the 待提交 request, after the confirmation
  await pendingRow.locator('.cancel-delete').click();
  await page.click('.el-message-box__btns .el-button--primary');
  await page.waitForFunction("document.querySelectorAll('.list-table tbody tr.cancellation-pending').length === 0");
  expect((await db('applications').where({ id: made.pending.id }).first()).status).toBe('deleted');
  expect((await db('documents').where({ id: doc.id }).first()).status).toBe('revoked');

  // view the request in review: its courier number, no upload, no delete
  await page.click('.conditions button:has-text("重置")');
  await reviewRow.locator('.cancel-view').click();
  await page.waitForSelector('#case-status[data-status="in_review"]');
  expect(await page.locator('#courier-number').innerText()).toBe('SF1234567890');
  expect(await page.locator('#cancel-delete').count()).toBe(0);
  await page.fill('#courier-input', 'SF-0987654321');
  await page.click('#courier-save');
  await page.waitForFunction("document.querySelector('#courier-number')?.textContent === 'SF-0987654321'");
  await fitsPhone(page, 'publicity-cancellation-in-review');

  // 申请注销 opens the picker of the unit's registered persons (the one in review is taken)
  await page.goto(`${url}/#/publicity/cancellations`);
  await page.click('#cancel-new');
  await page.waitForSelector('#cancel-candidates');
  expect(await page.locator(`#cancel-candidates .pick[value="${people[1].id}"]`).isDisabled()).toBe(true);
  expect(await page.locator(`#cancel-candidates .pick[value="${people[0].id}"]`).isDisabled()).toBe(false);
}, 120_000);
