import type { Trailer } from "@/lib/scoring/types";

const TRAILER = /^([A-Za-z0-9][A-Za-z0-9-]*)\s*:\s*(.*)$/;
const CHERRY = /^\(cherry picked from commit [0-9a-f]+\)$/;

/**
 * Trailers of a commit message the way `git interpret-trailers` finds them: the last paragraph, when every line of
 * it is a `Key: value` line (or an indented continuation, or a cherry-pick note). Keys keep their case; compare
 * them case-insensitively (`Co-Authored-By` and `co-authored-by` are the same trailer).
 */
export function parseTrailers(message: string): Trailer[] {
  const paragraphs = message.replace(/\r\n/g, "\n").trimEnd().split(/\n[ \t]*\n/);
  if (paragraphs.length < 2) return [];
  const last = paragraphs[paragraphs.length - 1]!.split("\n");
  const out: Trailer[] = [];
  for (const line of last) {
    if (/^[ \t]+\S/.test(line) && out.length) {
      out[out.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    if (CHERRY.test(line.trim())) continue;
    const m = TRAILER.exec(line);
    if (!m) return [];
    out.push({ key: m[1]!, value: m[2]!.trim() });
  }
  return out;
}

/** The sha named by `This reverts commit <sha>`, if any. */
export function revertedSha(message: string): string | null {
  return /This reverts commit ([0-9a-f]{7,40})/i.exec(message)?.[1]?.toLowerCase() ?? null;
}
