import Link from "next/link";
import { receiptHref } from "@/components/ledger/receipt-link";
import { formatCount } from "@/components/ui/format";
import type { OrgChainVerification } from "@/lib/services/verify-chain";

/** The result of verifying the organisation's whole chain: intact, or the first broken link and what is wrong. */
export function ChainStatus({ result, seconds }: { result: OrgChainVerification; seconds: number }) {
  if (result.ok) {
    return (
      <div className="notice notice-ok" role="status" data-testid="chain-status">
        <strong>✓ Chain intact.</strong> All {formatCount(result.count)} receipts verified: every hash recomputed, every link and
        sequence number checked, signatures verified with the organisation&apos;s key
        {result.head ? <>, head <span className="mono">{result.head.hash.slice(0, 16)}…</span></> : null} ({seconds.toFixed(1)} s).
      </div>
    );
  }
  const bad = result.firstBad;
  return (
    <div className="notice notice-error" role="status" data-testid="chain-status">
      <strong>✗ Chain broken at receipt #{bad.sequence ?? "?"}</strong> ({bad.problem}): {bad.detail}.{" "}
      {bad.receiptId !== null ? <Link href={receiptHref(bad.receiptId)}>Open receipt #{bad.sequence}</Link> : null}
      <div className="muted">{formatCount(result.count)} receipts before it verified.</div>
    </div>
  );
}
