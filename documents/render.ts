/**
 * Renders a document layout to a Chinese PDF: the CJK font embedded (subset), a title, the
 * document number, sections (label/value rows, paragraphs, tables), signature and stamp boxes,
 * and a verification footer with a QR code and the short code that /api/public/verify/:code
 * resolves. Pure: layout in, bytes out; storing and numbering are db/documents.ts's concern.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { cjkFonts } from './font';

export type DocSection =
  | { heading?: string; fields: Array<[string, string]> }
  | { heading?: string; paragraphs: string[] }
  | { heading?: string; table: { columns: string[]; rows: string[][] } };

export interface DocLayout {
  title: string;
  subtitle?: string;
  number?: { label: string; value: string };
  sections: DocSection[];
  /** boxes left for a signature or a stamp, e.g. "申请人签字 / Signature" */
  signatures?: string[];
  note?: string;
}

export interface Verification {
  code: string;
  url: string;
  issuedAt: Date;
}

const MARGIN = 56;
const LINE = '#444444';
const SHADE = '#f0f0f0';

/** "2026-11-23 14:05" in Beijing time, whatever the server's zone. */
export function beijingTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * A QR code as rows of dark runs: [row, first column, length] in modules, row by row. The footer
 * draws them as filled rectangles, vector graphics that print sharp at any size; as a PNG the code
 * was encoded, compressed and then decoded again by pdfkit in every document (a fifth of its time).
 */
export function qrRuns(text: string): { size: number; runs: Array<[number, number, number]> } {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const runs: Array<[number, number, number]> = [];
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; ) {
      if (!data[r * size + c]) {
        c++;
        continue;
      }
      const from = c;
      while (c < size && data[r * size + c]) c++;
      runs.push([r, from, c - from]);
    }
  }
  return { size, runs };
}

/** Draws the QR code at (x, y), `side` points square, with a quiet zone of one module. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, side: number): void {
  const { size, runs } = qrRuns(text);
  const m = side / (size + 2);
  doc.save();
  doc.rect(x, y, side, side).fill('white');
  for (const [r, c, n] of runs) doc.rect(x + (c + 1) * m, y + (r + 1) * m, n * m, m);
  doc.fill('black');
  doc.restore();
}

export async function renderPdf(layout: DocLayout, verification: Verification): Promise<Buffer> {
  const fonts = cjkFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: layout.title, Subject: layout.number?.value ?? layout.title, Creator: 'PermitFlow', CreationDate: verification.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  // the parsed face, shared by every document of this thread (pdfkit subsets it per document)
  for (const f of fonts) doc.registerFont(f.name, f.font as never);
  // every string in the face that has all its characters (the first face, mostly)
  const face = (text: string) => doc.font((fonts.find((f) => f.covers(text)) ?? fonts[fonts.length - 1]).name);
  face('');
  if (fonts.length > 1) {
    // choose the face per string, for drawing and for measuring alike
    const text = doc.text.bind(doc) as (...a: unknown[]) => PDFKit.PDFDocument;
    const height = doc.heightOfString.bind(doc);
    doc.text = ((str: string, ...rest: unknown[]) => (face(String(str)), text(str, ...rest))) as typeof doc.text;
    doc.heightOfString = ((str: string, opts?: PDFKit.Mixins.TextOptions) => (face(String(str)), height(str, opts))) as typeof doc.heightOfString;
  }

  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  doc.fontSize(18).text(layout.title, MARGIN, doc.y, { align: 'center', width });
  if (layout.subtitle) doc.moveDown(0.2).fontSize(11).fillColor('#555555').text(layout.subtitle, { align: 'center', width }).fillColor('black');
  if (layout.number) doc.moveDown(0.5).fontSize(10).text(`${layout.number.label}：${layout.number.value}`, { align: 'right', width });
  doc.moveDown(0.5);

  for (const section of layout.sections) {
    if (section.heading) {
      ensure(40);
      doc.moveDown(0.4).fontSize(12).text(section.heading, MARGIN, doc.y, { width });
      doc.moveDown(0.2);
    }
    doc.fontSize(10);
    if ('fields' in section) drawFields(doc, section.fields, width, ensure);
    else if ('paragraphs' in section) {
      for (const p of section.paragraphs) {
        ensure(doc.heightOfString(p, { width }) + 4);
        doc.text(p, MARGIN, doc.y, { width, lineGap: 2 });
        doc.moveDown(0.3);
      }
    } else drawTable(doc, section.table, width, ensure);
  }

  if (layout.signatures?.length) {
    const gap = 12;
    const n = layout.signatures.length;
    const boxW = (width - gap * (n - 1)) / n;
    const boxH = 90;
    ensure(boxH + 20);
    doc.moveDown(0.8);
    const y = doc.y;
    layout.signatures.forEach((label, i) => {
      const x = MARGIN + i * (boxW + gap);
      doc.lineWidth(0.8).strokeColor(LINE).rect(x, y, boxW, boxH).stroke();
      doc.fontSize(9).fillColor('black').text(label, x + 6, y + 6, { width: boxW - 12 });
      doc.fontSize(9).text('日期 / Date：', x + 6, y + boxH - 18, { width: boxW - 12 });
    });
    doc.x = MARGIN;
    doc.y = y + boxH + 10;
  }
  if (layout.note) {
    ensure(40);
    doc.moveDown(0.5).fontSize(9).fillColor('#555555').text(layout.note, MARGIN, doc.y, { width }).fillColor('black');
  }

  // verification footer: QR code, short code, where to check, when issued
  const qrSize = 78;
  ensure(qrSize + 16);
  doc.moveDown(1);
  const fy = doc.y;
  doc.lineWidth(0.5).strokeColor('#999999').moveTo(MARGIN, fy).lineTo(MARGIN + width, fy).stroke();
  drawQr(doc, verification.url, MARGIN, fy + 8, qrSize);
  const tx = MARGIN + qrSize + 12;
  doc.fontSize(10).fillColor('black').text(`验证码 / Verification code：${verification.code}`, tx, fy + 12, { width: width - qrSize - 12 });
  doc.fontSize(8.5).fillColor('#333333')
    .text(`扫描二维码或访问以下地址核验本文件的真实性 / Scan or visit to verify this document:`, tx, doc.y + 4, { width: width - qrSize - 12 })
    .text(verification.url, { width: width - qrSize - 12 })
    .text(`生成时间 / Issued：${beijingTime(verification.issuedAt)}（北京时间）`, { width: width - qrSize - 12 });
  doc.fillColor('black');
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function drawFields(doc: PDFKit.PDFDocument, fields: Array<[string, string]>, width: number, ensure: (h: number) => void): void {
  const labelW = Math.min(150, width * 0.3);
  const valueW = width - labelW;
  const pad = 5;
  for (const [label, value] of fields) {
    const text = value === '' ? '—' : value;
    const h = Math.max(doc.heightOfString(label, { width: labelW - 2 * pad }), doc.heightOfString(text, { width: valueW - 2 * pad })) + 2 * pad;
    ensure(h);
    const y = doc.y;
    doc.rect(MARGIN, y, labelW, h).fillAndStroke(SHADE, LINE);
    doc.rect(MARGIN + labelW, y, valueW, h).stroke(LINE);
    doc.fillColor('black').text(label, MARGIN + pad, y + pad, { width: labelW - 2 * pad });
    doc.text(text, MARGIN + labelW + pad, y + pad, { width: valueW - 2 * pad });
    doc.x = MARGIN;
    doc.y = y + h;
  }
}

function drawTable(doc: PDFKit.PDFDocument, table: { columns: string[]; rows: string[][] }, width: number, ensure: (h: number) => void): void {
  const colW = width / table.columns.length;
  const pad = 4;
  const row = (cells: string[], header: boolean) => {
    const h = Math.max(...cells.map((c) => doc.heightOfString(c || '—', { width: colW - 2 * pad }))) + 2 * pad;
    ensure(h);
    const y = doc.y;
    cells.forEach((c, i) => {
      const x = MARGIN + i * colW;
      if (header) doc.rect(x, y, colW, h).fillAndStroke(SHADE, LINE);
      else doc.rect(x, y, colW, h).stroke(LINE);
      doc.fillColor('black').text(c || '—', x + pad, y + pad, { width: colW - 2 * pad });
    });
    doc.x = MARGIN;
    doc.y = y + h;
  };
  row(table.columns, true);
  for (const r of table.rows) row(table.columns.map((_, i) => r[i] ?? ''), false);
}
