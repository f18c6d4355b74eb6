/** Names of the downloads, shared by the routes and the PDF's instructions. */
export function receiptFileName(orgSlug: string, sequence: number): string {
  return `${orgSlug}-receipt-${sequence}`;
}

export function publicKeyFileName(orgSlug: string): string {
  return `${orgSlug}-receipts.pem`;
}

export function receiptExportHref(receiptId: number, format: "json" | "pdf"): string {
  return `/api/receipts/export?id=${receiptId}&format=${format}`;
}
