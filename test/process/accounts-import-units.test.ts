/** Units from the previous system are imported from CSV and log in without registering. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { hashPassword } from '../../core/passwords';
import { ROOT } from '../../core/config';
import { freshUscc } from '../support/fixtures';
import { signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

it('imports valid rows, reports invalid ones by field, skips what exists, and the account can sign in', async () => {
  const a = freshUscc();
  const b = freshUscc();
  const hash = await hashPassword('Legacy2026');
  const csv = [
    'uscc,name,legalRepresentative,province,city,district,address,postcode,phone,contactName,email,mobile,login,passwordHash',
    `${a},"旧系统单位一, 有限公司",王一,110000,110100,110105,北京市朝阳区旧路 1 号,100022,010-1,联系人一,one@example.test,13811112222,legacy-${a},${hash}`,
    `${b},旧系统单位二,王二,440000,440300,440305,深圳市南山区旧路 2 号,518057,0755-2,联系人二,two@example.test,13811113333,,`,
    `91350100M000100Y44,坏单位,王三,110000,110100,310104,地址,1000,010-3,联系人三,bad,123,,`,
  ].join('\n');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pf-import-')), 'units.csv');
  fs.writeFileSync(file, csv);
  const run = () => {
    try {
      return JSON.parse(execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'db/import-units.ts', file], { cwd: ROOT, encoding: 'utf8', env: process.env }));
    } catch (err) {
      return JSON.parse(String((err as { stdout: string }).stdout));
    }
  };
  const first = run();
  expect(first.imported).toBe(2);
  expect(first.errors).toEqual([{ row: 3, uscc: '91350100M000100Y44', fields: expect.objectContaining({ uscc: expect.any(String), postcode: expect.any(String), email: expect.any(String), mobile: expect.any(String), district: expect.any(String) }) }]);
  const second = run();
  expect([second.imported, second.skipped]).toEqual([0, 2]);
  expect((await sys.db('units').where({ uscc: a }).first()).name).toBe('旧系统单位一, 有限公司');
  expect((await sys.db('accounts').where({ login: b }).first())).toMatchObject({ kind: 'unit-main', mobile: '13811113333' });
  await expect(signIn(sys.url, `legacy-${a}`, 'Legacy2026')).resolves.toBeDefined();
}, 60_000);
