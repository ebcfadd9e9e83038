// One thread of the PDF rendering pool (documents/pool.ts): renders a layout with
// documents/render.ts. Plain JavaScript, and the modules it runs are plain JavaScript too (the
// compiled build, or documents/pool.ts's one-file bundle of the TypeScript): a thread starts in
// tens of milliseconds without a TypeScript compiler of its own.
// The fonts are read once per thread (documents/font.ts caches them for the thread's life).
'use strict';
const { move, workerData } = require('piscina');

const { renderPdf } = require(workerData.render);
const { cjkFonts } = require(workerData.font);

// read (and index) the fonts as the thread starts, not in the first document's time
cjkFonts();

/** { layout, verification } → the PDF's bytes (an ArrayBuffer moved to the caller, not copied) */
module.exports = async function render({ layout, verification }) {
  const pdf = await renderPdf(layout, verification);
  const own = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? pdf.buffer : pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength);
  return move(own);
};
