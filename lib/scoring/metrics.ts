/**
 * Ranking quality of a score against binary outcomes (docs/calibration.md): ROC AUC by the Mann–Whitney statistic
 * (ties count half) and precision among the top-scored decile.
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number | null {
  const n = scores.length;
  const order = scores.map((s, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  for (const l of labels) if (l) pos++;
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  let rankSumPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]!]) rankSumPos += avgRank;
    i = j + 1;
  }
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function precisionAtTop(scores: readonly number[], labels: readonly boolean[], fraction = 0.1): number | null {
  const n = scores.length;
  const k = Math.max(1, Math.round(n * fraction));
  if (n === 0) return null;
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  let hits = 0;
  for (let i = 0; i < k; i++) if (labels[order[i]!]) hits++;
  return hits / k;
}
