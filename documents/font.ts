/**
 * The CJK font embedded in every generated PDF (subset by pdfkit, so a document carries only the
 * glyphs it uses). PDF_FONT_PATH names a TTF/OTF/TTC; otherwise the Noto CJK fonts from Debian's
 * fonts-noto-cjk (or the usual places on other systems) are used.
 */
import fs from 'node:fs';

export interface FontSource {
  path: string;
  /** PostScript name of the face inside a collection (.ttc) */
  face?: string;
}

const CANDIDATES: FontSource[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { path: '/System/Library/Fonts/PingFang.ttc', face: 'PingFangSC-Regular' },
];

export class FontMissingError extends Error {
  constructor(tried: string[]) {
    super(
      `No CJK font for PDF documents. Install Debian's fonts-noto-cjk (apt-get install -y fonts-noto-cjk) ` +
        `or set PDF_FONT_PATH to a TTF/OTF/TTC with Chinese glyphs (PDF_FONT_FACE names the face in a .ttc). Tried: ${tried.join(', ')}`,
    );
    this.name = 'FontMissingError';
  }
}

export function findCjkFont(env: Record<string, string | undefined> = process.env): FontSource {
  if (env.PDF_FONT_PATH) {
    if (!fs.existsSync(env.PDF_FONT_PATH)) throw new FontMissingError([env.PDF_FONT_PATH]);
    return { path: env.PDF_FONT_PATH, face: env.PDF_FONT_FACE || undefined };
  }
  const found = CANDIDATES.find((c) => fs.existsSync(c.path));
  if (!found) throw new FontMissingError(CANDIDATES.map((c) => c.path));
  return found;
}

let cached: { source: FontSource; data: Buffer } | undefined;

/** The font's bytes, read once per process (a collection is ~20 MB; parsing is per document). */
export function cjkFont(): { source: FontSource; data: Buffer } {
  if (!cached) {
    const source = findCjkFont();
    cached = { source, data: fs.readFileSync(source.path) };
  }
  return cached;
}
