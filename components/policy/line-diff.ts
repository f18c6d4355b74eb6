export type DiffLine =
  | { kind: "same"; text: string; a: number; b: number }
  | { kind: "removed"; text: string; a: number }
  | { kind: "added"; text: string; b: number };

/**
 * A line diff by longest common subsequence (policies are a few hundred lines, so the quadratic table is small).
 * Line numbers are 1-based in each version.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: "same", text: a[i]!, a: i + 1, b: j + 1 });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ kind: "removed", text: a[i]!, a: i + 1 });
      i++;
    } else {
      out.push({ kind: "added", text: b[j]!, b: j + 1 });
      j++;
    }
  }
  for (; i < n; i++) out.push({ kind: "removed", text: a[i]!, a: i + 1 });
  for (; j < m; j++) out.push({ kind: "added", text: b[j]!, b: j + 1 });
  return out;
}

/** Only the changed lines with `context` unchanged lines around them; gaps become a single marker. */
export function diffHunks(lines: DiffLine[], context = 3): Array<DiffLine | { kind: "gap"; skipped: number }> {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, idx) => {
    if (l.kind === "same") return;
    for (let k = Math.max(0, idx - context); k <= Math.min(lines.length - 1, idx + context); k++) keep[k] = true;
  });
  const out: Array<DiffLine | { kind: "gap"; skipped: number }> = [];
  let skipped = 0;
  lines.forEach((l, idx) => {
    if (keep[idx]) {
      if (skipped) out.push({ kind: "gap", skipped });
      skipped = 0;
      out.push(l);
    } else skipped++;
  });
  if (skipped && out.length) out.push({ kind: "gap", skipped });
  return out;
}

/** "line 12, column 5: …" as formatted by the policy parser: the line it points at, when it says. */
export function lineOfError(message: string): number | null {
  const m = /^line (\d+)(?:, column (\d+))?:/.exec(message);
  return m ? Number(m[1]) : null;
}
