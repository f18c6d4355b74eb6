/** Where a receipt is read; one place, so the receipts area can move it without touching the views. */
export function receiptHref(receiptId: number): string {
  return `/receipts/${receiptId}`;
}
