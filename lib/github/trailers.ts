import type { Trailer } from "@/lib/scoring/types";

const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*)\s*:\s*(.+)$/;

/**
 * Git trailers: `Key: value` lines forming the last paragraph of a message that has a subject before it.
 * Continuation lines (starting with whitespace) extend the previous value, as `git interpret-trailers` reads them.
 */
export function parseTrailers(message: string): Trailer[] {
  const paragraphs = message.replace(/\r\n/g, "\n").trim().split(/\n\s*\n/);
  if (paragraphs.length < 2) return [];
  const lines = paragraphs[paragraphs.length - 1]!.split("\n");
  const out: Trailer[] = [];
  for (const line of lines) {
    if (/^\s+\S/.test(line) && out.length) {
      out[out.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    if (/^\(cherry picked from commit [0-9a-f]+\)$/.test(line.trim())) continue;
    const m = TRAILER_LINE.exec(line.trim());
    if (!m) return [];
    out.push({ key: m[1]!, value: m[2]!.trim() });
  }
  return out;
}
