/**
 * The CJK fonts embedded in generated PDFs (subset by pdfkit: a document carries only the glyphs
 * it uses). Two faces when the machine has them: a fast TrueType face for most text (WenQuanYi
 * Micro Hei: several times faster to lay out and subset than the OpenType/CFF Noto CJK, see bench/documents)
 * and a full-coverage face (Noto CJK) for any string with a character the first lacks (rare
 * characters in names). PDF_FONT_PATH (+ PDF_FONT_FACE for a .ttc) names one font to use instead.
 */
import fs from 'node:fs';
// fontkit is what pdfkit lays text out with; here only to ask which characters a face covers
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { create(data: Buffer, postscriptName?: string): FontkitFont };

/** A parsed face (fontkit's font object: pdfkit takes it as a font source as it is). */
export interface FontkitFont {
  hasGlyphForCodePoint(cp: number): boolean;
  layout(text: string): unknown;
}

export interface FontSource {
  path: string;
  /** PostScript name of the face inside a collection (.ttc) */
  face?: string;
}

const FAST: FontSource[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
];
const FULL: FontSource[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/System/Library/Fonts/PingFang.ttc', face: 'PingFangSC-Regular' },
];

export class FontMissingError extends Error {
  constructor(tried: string[]) {
    super(
      `No CJK font for PDF documents. Install Debian's fonts-noto-cjk (apt-get install -y fonts-wqy-microhei fonts-noto-cjk) ` +
        `or set PDF_FONT_PATH to a TTF/OTF/TTC with Chinese glyphs (PDF_FONT_FACE names the face in a .ttc). Tried: ${tried.join(', ')}`,
    );
    this.name = 'FontMissingError';
  }
}

/** The faces to use, first the one for most text; at least one, or FontMissingError. */
export function findCjkFonts(env: Record<string, string | undefined> = process.env): FontSource[] {
  if (env.PDF_FONT_PATH) {
    if (!fs.existsSync(env.PDF_FONT_PATH)) throw new FontMissingError([env.PDF_FONT_PATH]);
    return [{ path: env.PDF_FONT_PATH, face: env.PDF_FONT_FACE || undefined }];
  }
  const fast = FAST.find((c) => fs.existsSync(c.path));
  const full = FULL.find((c) => fs.existsSync(c.path));
  const found = [fast, full].filter((f): f is FontSource => !!f);
  if (found.length === 0) throw new FontMissingError([...FAST, ...FULL].map((c) => c.path));
  return found;
}

export interface LoadedFont {
  name: string;
  source: FontSource;
  data: Buffer;
  /** parsed once per process (or thread): every document embeds its own subset of it */
  font: FontkitFont;
  covers(text: string): boolean;
}

let cached: LoadedFont[] | undefined;

/**
 * The faces, read and parsed once per process (or thread of the rendering pool). pdfkit parsed
 * the whole font again for every document when given the bytes; given the parsed face, it only
 * makes the document's subset.
 */
export function cjkFonts(): LoadedFont[] {
  if (!cached) {
    cached = findCjkFonts().map((source, i) => {
      const data = fs.readFileSync(source.path);
      const font = fontkit.create(data, source.face);
      const seen = new Map<number, boolean>();
      const covers = (text: string) => {
        for (const ch of text) {
          const cp = ch.codePointAt(0) as number;
          if (cp < 0x20) continue;
          let ok = seen.get(cp);
          if (ok === undefined) seen.set(cp, (ok = font.hasGlyphForCodePoint(cp)));
          if (!ok) return false;
        }
        return true;
      };
      return { name: `cjk${i}`, source, data, font, covers };
    });
  }
  return cached;
}
