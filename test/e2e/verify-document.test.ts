/**
 * The public verification page in a real browser: the code from a document shows it as valid;
 * comparing the issued file says identical, a tampered copy says altered.
 */
import { issueDocument } from '../../db/documents';
import { DOCUMENT_KIND } from '../../domain/registry';
import { consoleErrors, newPage, fitsPhone } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite({ workers: false });

it('verifies a document by its code, and tells an altered file from the issued one', async () => {
  const doc = await issueDocument(
    { db: suite.sys.db, fileStoreDir: suite.sys.config.fileStoreDir, publicUrl: suite.sys.url, now: () => new Date() },
    { key: `e2e-verify:${Date.now()}`, kind: DOCUMENT_KIND.sample, title: '样例许可证', number: 'XK2026-0007', layout: { title: '样例许可证', sections: [{ fields: [['持证单位', '浏览器核验有限公司']] }] } },
  );
  const fs = await import('node:fs');
  const { documentPath } = await import('../../db/documents');
  const issued = fs.readFileSync(documentPath(suite.sys.config.fileStoreDir, doc.id));

  const page = await newPage(suite.browser);
  await page.goto(`${suite.sys.url}/#/verify/${doc.code}`);
  await page.waitForSelector('#verify-status[data-status="valid"]');
  expect(await page.textContent('#verify-result')).toContain('XK2026-0007');
  expect(await page.textContent('#verify-status')).toContain('真实有效');

  await page.setInputFiles('#v-file', { name: 'copy.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([issued, Buffer.from('\n%altered\n')]) });
  await page.click('#verify-form button[type=submit]');
  await page.waitForSelector('#verify-status[data-matches="false"]');
  expect(await page.textContent('#verify-status')).toContain('篡改');

  await page.setInputFiles('#v-file', { name: 'issued.pdf', mimeType: 'application/pdf', buffer: issued });
  await page.click('#verify-form button[type=submit]');
  await page.waitForSelector('#verify-status[data-matches="true"]');
  await fitsPhone(page, 'verify-document');
  expect(consoleErrors(page).filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
});
