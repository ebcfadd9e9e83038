/** The PDF rendering pool: the same document as rendering in the calling thread, its hash, many at once. */
import { createHash } from 'node:crypto';
import { closeRenderPool, renderDocument, renderPoolStats, renderThreads, warmRenderPool } from '../../documents/pool';
import { pdfText } from '../../documents/parse';
import { qrRuns, type DocLayout } from '../../documents/render';
import jsQR from 'jsqr';

const layout = (name: string): DocLayout => ({
  title: '检验检测从业人员公示申请表',
  number: { label: '申请编号', value: 'GS2026000001' },
  sections: [
    { heading: '一、人员基本信息', fields: [['姓名', name], ['学历', '本科']] },
    { heading: '二、申请公示项目', table: { columns: ['项目代码', '项目名称'], rows: [['Y-GL', '锅炉检验']] } },
    { paragraphs: ['本人承诺：所填信息真实、准确、完整。'] },
  ],
  signatures: ['申请人签字 / Signature'],
});
const verification = { code: 'ABCD-EFGH-JKMN', url: 'https://permitflow.example/#/verify/ABCD-EFGH-JKMN', issuedAt: new Date('2026-11-30T08:00:00Z') };
const words = (s: string) => s.replace(/\s+/g, '');

afterAll(() => closeRenderPool());

describe('documents/pool', () => {
  it('renders on a thread the same document as in the calling thread, with the hash of its bytes', async () => {
    const inThread = await renderDocument(layout('欧阳娜'), verification, 0);
    const pooled = await renderDocument(layout('欧阳娜'), verification, 2);
    expect(renderPoolStats().threads).toBeGreaterThanOrEqual(1);
    expect(pooled.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pooled.sha256).toBe(createHash('sha256').update(pooled.pdf).digest('hex'));
    const [a, b] = [await pdfText(inThread.pdf), await pdfText(pooled.pdf)];
    expect(words(b)).toBe(words(a));
    for (const s of ['检验检测从业人员公示申请表', '欧阳娜', '锅炉检验', 'ABCD-EFGH-JKMN']) expect(words(b)).toContain(s);
    // the same fonts, the same subset: the same size within a few bytes (the ids in the trailer differ)
    expect(Math.abs(pooled.pdf.length - inThread.pdf.length)).toBeLessThan(200);
  });

  it('keeps every document of a burst apart', async () => {
    const names = ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨磊'];
    const docs = await Promise.all(names.map((n) => renderDocument(layout(n), verification, 2)));
    expect(renderPoolStats().threads).toBeLessThanOrEqual(2);
    const texts = await Promise.all(docs.map((d) => pdfText(d.pdf)));
    texts.forEach((t, i) => expect(words(t)).toContain(names[i]));
  });

  it('draws the verification QR code as vector runs that a QR reader decodes to the address', async () => {
    const { size, runs } = qrRuns(verification.url);
    // rasterise the runs as the footer draws them (quiet zone of one module), 4 pixels a module
    const px = 4;
    const side = (size + 2) * px;
    const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const [r, c, n] of runs) {
      for (let y = (r + 1) * px; y < (r + 2) * px; y++) {
        for (let x = (c + 1) * px; x < (c + 1 + n) * px; x++) rgba.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
      }
    }
    expect(jsQR(rgba, side, side)?.data).toBe(verification.url);
    // in the document: no image, and the code beside it
    const { pdf } = await renderDocument(layout('欧阳娜'), verification, 0);
    expect(pdf.includes('/Subtype /Image')).toBe(false);
    expect(words(await pdfText(pdf))).toContain('ABCD-EFGH-JKMN');
  });

  it('warms the pool with one document unless PDF_RENDER_WARM=0 or there are no threads', async () => {
    await closeRenderPool();
    expect(await warmRenderPool(2, { PDF_RENDER_WARM: '0' })).toBe(false);
    expect(await warmRenderPool(0, {})).toBe(false);
    expect(renderPoolStats()).toEqual({ threads: 0, queued: 0, completed: 0 });
    expect(await warmRenderPool(2, {})).toBe(true);
    expect(renderPoolStats().threads).toBeGreaterThanOrEqual(1);
    expect(renderPoolStats().completed).toBe(1);
  });

  it('sizes the pool from PDF_RENDER_THREADS, else the cores', () => {
    expect(renderThreads({ PDF_RENDER_THREADS: '3' })).toBe(3);
    expect(renderThreads({ PDF_RENDER_THREADS: '0' })).toBe(0);
    expect(renderThreads({})).toBeGreaterThanOrEqual(1);
    expect(() => renderThreads({ PDF_RENDER_THREADS: 'many' })).toThrow(/PDF_RENDER_THREADS/);
  });
});
