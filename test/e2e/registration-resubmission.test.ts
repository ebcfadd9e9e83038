/**
 * A rejected registration corrected in a real browser from the link in the rejection e-mail: the
 * wizard opens on its first step with that step's fields filled in and the kept files listed by
 * name and size (never "NaN Bytes"), every other step holds its kept values too, the review page
 * lists them, and the corrected registration goes back into review, where the reviewer's task page
 * names the corrected field and highlights it (and nothing else).
 */
import { createAccount, eventually } from '../support/harness';
import { consoleErrors, newPage, fitsPhone, settled, signInPage } from '../support/browser';
import { anonymousVisitor } from '../support/anonymous';
import { PNG, registrationBody } from '../support/fixtures';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite();

it('opens a rejected registration with everything kept on the first step and resubmits it', async () => {
  const { sys } = suite;
  // a visitor registers with a business licence and a certificate image, and the reviewer rejects it
  const visitor = anonymousVisitor(sys.url);
  const formFile = (f: { id: string; name: string; size: number; type: string; url: string }) => ({ storage: 'url', name: f.id, originalName: f.name, size: f.size, type: f.type, url: f.url, data: f });
  const licence = await visitor.upload('营业执照-正本.png', PNG);
  const certificate = await visitor.upload('检验机构核准证.png', Buffer.concat([PNG, Buffer.alloc(2048)]));
  const body = registrationBody({ unit: { name: '补正测试检验有限公司' } });
  const registration = {
    ...body,
    certification: { ...body.certification, institutionType: 'testing', businessLicence: [formFile(licence)] },
    qualifications: body.qualifications!.map((q) => ({ ...q, certificate: [formFile(certificate)] })),
  };
  const res = await visitor.send('POST', '/api/registrations', registration);
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string; number: string; processInstanceKey: string };
  const task = await eventually(async () => {
    const r = await sys.engineRest<{ items: Array<{ userTaskKey: string }> }>('POST', '/v2/user-tasks/search', { filter: { processInstanceKey: created.processInstanceKey, state: 'CREATED' } });
    return r.body.items[0];
  }, 20000, 'the review task');
  await sys.engineRest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { decision: 'reject', reason: '法定代表人姓名有误 / wrong legal representative' } });
  const mail = await sys.sink.waitFor((m) => m.to.includes(body.contact.email) && m.subject.includes('未通过'));
  const [, id, token] = /#\/register\/resubmit\?id=([0-9a-f-]+)&token=([A-Za-z0-9_-]+)/.exec(mail.text)!;
  await eventually(async () => {
    const r = await sys.engineRest<{ items: Array<{ elementId: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: created.processInstanceKey, state: 'ACTIVE' } });
    return r.body.items.some((i) => i.elementId === 'await-resubmission') || undefined;
  }, 15000, 'waiting for the resubmission');

  const page = await newPage(suite.browser);
  await page.goto(`${sys.url}/#/register/resubmit?id=${id}&token=${token}`);
  await page.waitForSelector('input[name="data[unit.name]"]');
  await settled(page);
  // the first step, filled in at once (not only after going to step 2 and back)
  expect(await page.locator('.wizard-steps .el-step:has(.el-step__title.is-process)').getAttribute('data-step')).toBe('0');
  expect(await page.inputValue('input[name="data[unit.name]"]')).toBe('补正测试检验有限公司');
  expect(await page.inputValue('input[name="data[unit.uscc]"]')).toBe(body.unit.uscc);
  expect(await page.inputValue('input[name="data[unit.legalRepresentative]"]')).toBe('张三');
  expect(await page.inputValue('input[name="data[unit.address]"]')).toBe(body.unit.address);
  expect(await page.inputValue('input[name="data[unit.postcode]"]')).toBe(body.unit.postcode);
  expect(await page.inputValue('input[name="data[unit.phone]"]')).toBe(body.unit.phone);
  for (const [level, name] of [['province', '北京市'], ['city', '市辖区'], ['district', '朝阳区']]) {
    expect(await page.locator(`.formio-component-unit\\.${level} .choices__list--single`).innerText()).toContain(name);
  }
  // the reason, and the kept files by name and size, on the first step
  expect(await page.locator('.reason').innerText()).toContain('法定代表人姓名有误');
  const kept = page.locator('#kept-files');
  expect(await kept.locator('li').allInnerTexts()).toEqual([expect.stringMatching(/^营业执照-正本\.png \(\d+ B\)$/), expect.stringMatching(/^检验机构核准证\.png \(2\.\d KB\)$/)]);
  expect(await page.locator('main').innerText()).not.toMatch(/NaN|undefined/);
  await fitsPhone(page, 'resubmission-first-step');

  // the other steps hold their kept values; the file lists show names and sizes
  await page.fill('input[name="data[unit.legalRepresentative]"]', '张三丰');
  await page.click('button:has-text("下一步")');
  await page.waitForSelector('input[name="data[contact.name]"]');
  expect(await page.inputValue('input[name="data[contact.mobile]"]')).toBe(body.contact.mobile);
  expect(await page.inputValue('input[name="data[contact.password]"]')).toBe('');
  await page.fill('input[name="data[contact.password]"]', 'Secret2027');
  await page.fill('input[name="data[contact.passwordConfirm]"]', 'Secret2027');
  await page.click('button:has-text("下一步")');
  await page.waitForSelector('select[name="data[certification.institutionType]"]');
  expect(await page.inputValue('select[name="data[certification.institutionType]"]')).toBe('testing');
  const licenceList = await page.locator('.formio-component-certification\\.businessLicence').innerText();
  expect(licenceList).toContain('营业执照-正本.png');
  expect(licenceList).not.toContain('NaN');
  await page.click('button:has-text("下一步")');
  await page.waitForSelector('input[name="data[qualifications][0][certificateNo]"]');
  expect(await page.inputValue('input[name="data[qualifications][0][certificateNo]"]')).toBe('TS7110001-2026');
  expect(await page.locator('.formio-component-qualifications').innerText()).toContain('检验机构核准证.png');
  await page.click('button:has-text("下一步")');
  const review = page.locator('.form-review');
  await review.waitFor();
  expect(await review.locator('dd[data-key="unit.legalRepresentative"]').innerText()).toBe('张三丰');
  expect(await review.locator('dd[data-key="certification.businessLicence"]').innerText()).toMatch(/^营业执照-正本\.png \(\d+ B\)$/);
  await page.click('.formio-host button:visible:has-text("提交")');
  await page.waitForSelector('#registered');

  // back in review with the correction and both files kept
  const app = await eventually(async () => {
    const row = await sys.db('applications').where({ id }).first();
    return row.status === 'in_review' ? row : undefined;
  }, 20000, 'the registration back in review');
  expect(app.data.unit.legalRepresentative).toBe('张三丰');
  expect(app.data.certification.businessLicence).toEqual([{ id: licence.id, name: '营业执照-正本.png' }]);
  expect(app.data.qualifications[0].certificate).toEqual([{ id: certificate.id, name: '检验机构核准证.png' }]);
  expect(await sys.db('files').whereIn('id', [licence.id, certificate.id]).pluck('attached_application_id')).toEqual([id, id]);
  expect(consoleErrors(page)).toEqual([]);

  // the reviewer's task page: the second round, the corrected field highlighted and named, the others not
  const second = await eventually(async () => (await sys.db('tasks').where({ application_id: id, state: 'CREATED' }).whereNot({ user_task_key: task.userTaskKey }).first()) ?? undefined, 20000, 'the second review task');
  const reviewer = await createAccount(sys, { kind: 'reviewer', groups: ['registration-reviewers'] });
  const staff = await signInPage(suite.browser, sys.url, reviewer.login, reviewer.password);
  await staff.goto(`${sys.url}/#/task/${second.user_task_key}`);
  await staff.waitForSelector('#submission .submission-row');
  expect(await staff.locator('#submission-round').innerText()).toContain('第 2 次提交');
  expect(await staff.locator('#changed-fields').innerText()).toBe('法定代表人');
  expect(await staff.locator('#submission .submission-row.changed').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual(['unit.legalRepresentative']);
  expect(await staff.locator('.submission-row[data-key="unit.legalRepresentative"] dd').innerText()).toBe('张三丰');
  expect(await staff.locator('.submission-row[data-key="unit.name"]').getAttribute('class')).not.toContain('changed');
  await fitsPhone(staff, 'resubmission-review-task');
}, 150_000);
