/**
 * The inspector qualification in a real browser, as a person: the application's new fields
 * (技术职称, 工作单位, 人员类型, 已持项目) filled on the form — the personal details and uploads come
 * from a saved draft — and submitted; the list (人员申请管理) shows the manual's columns with 待受理
 * before acceptance, filters by status, person type and item on the server, and withdraws an
 * application waiting for acceptance (已撤销); an accepted one offers no withdrawal.
 */
import { hashPassword } from '../../core/passwords';
import { idCheckChar } from '../../domain/validators';
import { PNG } from '../support/fixtures';
import { checkInput, consoleErrors, fitsPhone, settled, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { eventually, signIn } from '../support/harness';

const suite = browserSuite();

it('a person applies with title, employer, person type and items held; the list filters and withdraws before acceptance', async () => {
  const { sys } = suite;
  const login = `iq${Date.now().toString(36)}`;
  await sys.db('accounts').insert({ login, password_hash: await hashPassword('Person2026!x'), kind: 'person', display_name: '孙雪峰', email: `${login}@example.test`, status: 'active' });
  const api = await signIn(sys.url, login, 'Person2026!x');
  const upload = async (name: string) => {
    const r = await api.upload(name, PNG);
    return { storage: 'url', name: r.body.id, originalName: r.body.name, url: r.body.url, size: PNG.length, type: 'image/png', data: r.body, id: r.body.id };
  };
  const id17 = `11010819880315${String(100 + Math.floor(Math.random() * 899))}`;
  // the details the person saved earlier (a draft), uploads included
  const saved = await api.call('PUT', '/api/drafts/start:inspector-qualification', {
    data: {
      name: '孙雪峰', idNumber: id17 + idCheckChar(id17), mobile: '18311112222', email: 'sxf@example.test', education: 'bachelor', major: '机械工程', workYears: 6,
      category: 'obtain', photo: [await upload('photo.png')], attachments: [await upload('form.png')], declaration: true,
    },
  });
  expect(saved.status).toBeLessThan(300);
  // an older application of this person, already accepted: no withdrawal offered
  const [accepted] = await sys.db('applications')
    .insert({ number: `TSR-E2E-A${Date.now()}`, process_id: 'inspector-qualification', status: 'accepted', applicant_login: login, data: JSON.stringify({ itemCode: 'S-DT', category: 'renew-exam', personType: 'tester' }) })
    .returning('*');

  const page = await signInPage(suite.browser, sys.url, login, 'Person2026!x');
  await page.waitForURL(/#\/inspector$/);
  await page.click('#apply-inspector');
  await page.waitForSelector('select[name="data[professionalTitle]"]');
  await eventually(async () => (await page.inputValue('input[name="data[name]"]')) === '孙雪峰', 10000, 'the draft resumed');
  await page.selectOption('select[name="data[professionalTitle]"]', 'engineer');
  await page.fill('input[name="data[employer]"]', '北京市特种设备检测中心');
  await checkInput(page, 'input[name^="data[personType]"][value="inspector"]');
  await page.selectOption('select[name="data[itemCode]"]', 'Y-SD');
  await page.click('.formio-component-heldItems button.formio-button-add-row');
  await page.selectOption('select[name="data[heldItems][0][personType]"]', 'inspector');
  await page.selectOption('select[name="data[heldItems][0][itemCode]"]', 'Y-RQ');
  await page.fill('input[name="data[heldItems][0][firstIssued]"]', '2020-04-01');
  await page.fill('input[name="data[heldItems][0][validUntil]"]', '2024-03-01');
  await fitsPhone(page, 'inspector-application');
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/applications') && r.request().method() === 'POST'), page.click('.formio-component-submit button')]);
  expect(res.status()).toBe(201);
  const id = ((await res.json()) as { id: string }).id;
  expect((await sys.db('applications').where({ id }).first()).data).toMatchObject({
    professionalTitle: 'engineer', employer: '北京市特种设备检测中心', personType: 'inspector', itemCode: 'Y-SD',
    heldItems: [{ personType: 'inspector', itemCode: 'Y-RQ', firstIssued: '2020-04-01', validUntil: '2024-03-01' }],
  });
  const number = (await sys.db('applications').where({ id }).first()).number as string;

  // the list: the manual's columns, 待受理 before acceptance
  await page.goto(`${sys.url}/#/inspector`);
  const row = page.locator(`.list-table tr:has-text("${number}")`);
  await row.waitFor();
  const text = await row.innerText();
  for (const s of ['检验人员', 'Y-SD', '客运索道检验员', '取证', '待受理', '国家市场监督管理总局', String(new Date().getFullYear())]) expect(text).toContain(s);
  expect(await page.locator(`.list-table tr:has-text("${accepted.number}") .withdraw`).count()).toBe(0);
  expect(await page.locator(`.list-table tr:has-text("${accepted.number}")`).innerText()).toContain('已受理');
  await fitsPhone(page, 'inspector-list');

  // filters go to the server: person type, then status
  const asked: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/inspector/applications?')) asked.push(r.url()); });
  await page.click('.person-type-select');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '检测人员' }).click();
  await page.click('.conditions button[type=submit]');
  await eventually(async () => (await page.locator('.list-table tbody tr').count()) === 1 && (await page.locator('.list-table tbody').innerText()).includes(accepted.number), 10000, 'only the tester application');
  expect(asked.some((u) => u.includes('personType=tester'))).toBe(true);
  await page.click('.conditions button:not([type=submit])');
  await page.click('.status-select');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '待受理' }).click();
  await page.click('.conditions button[type=submit]');
  await eventually(async () => (await page.locator('.list-table tbody tr').count()) === 1 && (await page.locator('.list-table tbody').innerText()).includes(number), 10000, 'only the one waiting');
  expect(asked.some((u) => u.includes('status=submitted'))).toBe(true);
  await page.fill('.conditions input[name="item"]', '索道');
  await page.click('.conditions button[type=submit]');
  await eventually(async () => asked.some((u) => u.includes('item=')), 10000, 'the item condition sent');

  // withdrawn while it waits for acceptance
  await page.click(`.list-table tr:has-text("${number}") .withdraw`);
  await page.click('.el-message-box__btns .el-button--primary');
  await eventually(async () => (await sys.db('applications').where({ id }).first()).status === 'withdrawn', 10000, 'withdrawn');
  // the list reloads with the condition 待受理: the application has left it
  await eventually(async () => !(await page.locator('.list-table tbody').innerText()).includes(number), 10000, 'left the 待受理 list');
  await page.click('.conditions button:not([type=submit])');
  await page.waitForSelector(`.list-table tr:has-text("${number}") .inspector-status[data-status="withdrawn"]`);
  expect(await page.locator(`.list-table tr:has-text("${number}")`).innerText()).toContain('已撤销');
  expect(await page.locator(`.list-table tr:has-text("${number}") .withdraw`).count()).toBe(0);
  await settled(page);
  await fitsPhone(page, 'inspector-list-withdrawn');
  expect(consoleErrors(page)).toEqual([]);
}, 180_000);
