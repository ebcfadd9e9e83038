// Reads a PDF on stdin, prints its text on stdout. A child process of documents/parse.ts:
// pdf.js loads its worker with a dynamic import, which test runners' module sandboxes refuse.
'use strict';
const { PDFParse } = require('pdf-parse');

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const { text } = await parser.getText();
    process.stdout.write(text);
  } catch (e) {
    process.stderr.write(String((e && e.message) || e));
    process.exitCode = 1;
  } finally {
    await parser.destroy();
  }
});
