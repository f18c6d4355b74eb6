import type { PDFFont } from "pdf-lib";

/**
 * The standard PDF fonts only encode WinAnsi (Windows-1252). Characters outside it are transliterated where a
 * plain equivalent exists and replaced by "?" otherwise, so a receipt never fails to render on a login or title.
 */
const CP1252_EXTRAS = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const REPLACEMENTS: Record<string, string> = {
  "\t": "  ",
  "≤": "<=",
  "≥": ">=",
  "→": "->",
  "←": "<-",
  "⇒": "=>",
  "✓": "v",
  "✔": "v",
  "✗": "x",
  "✘": "x",
  "−": "-",
  "‐": "-",
  "‑": "-",
  "‒": "-",
  "′": "'",
  "″": '"',
  "Ł": "L",
  "ł": "l",
  "Đ": "D",
  "đ": "d",
  "ı": "i",
  "\u00a0": " ",
  "\u2009": " ",
  "\u202f": " ",
};

function isWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.has(ch);
}

export function toWinAnsi(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    if (isWinAnsi(ch)) out += ch;
    else if (ch in REPLACEMENTS) out += REPLACEMENTS[ch];
    else if (ch === "\r" || ch === "\n") out += " ";
    else {
      const stripped = ch.normalize("NFKD").replace(/\p{M}/gu, "");
      out += stripped && [...stripped].every(isWinAnsi) ? stripped : "?";
    }
  }
  return out;
}

/**
 * Splits text into lines no wider than `width`, breaking at spaces and, for unbroken runs such as hashes and
 * URLs, inside the word.
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n?|\n/).map(toWinAnsi)) {
    let line = "";
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = "";
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}
