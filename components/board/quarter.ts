/** "Q4 2026" for the quarter starting at `iso`. */
export function quarterLabel(iso: string): string {
  const d = new Date(iso);
  return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
}
