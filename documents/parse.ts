/**
 * Reads a PDF's text back (tests, and checks of generated documents), with pdf.js via pdf-parse
 * in a child process (see pdf-text-child.js for why).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, 'pdf-text-child.js')], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`could not read the PDF: ${stderr || err.message}`));
      else resolve(stdout);
    });
    child.stdin?.end(pdf);
  });
}
