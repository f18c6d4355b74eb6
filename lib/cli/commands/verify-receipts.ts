import type { Command } from "commander";
import { performance } from "node:perf_hooks";
import { verifyOrgChain } from "../../services/verify-chain";
import { requireOrganisation, withDatabase } from "../database";
import { CliError } from "../errors";

/** Exit codes: 0 the chain is intact, 1 a link is broken (named on stderr), 2 no such organisation, 3 database locked. */
export function registerVerifyReceipts(program: Command): void {
  program
    .command("verify-receipts")
    .description("Verify an organisation's whole receipt chain in the database and name the first broken link")
    .requiredOption("--org <slug>", "the organisation whose chain to verify")
    .option("--all-signatures", "verify every receipt's signature with the key (slower; a periodic deep audit)")
    .addHelpText(
      "after",
      [
        "",
        "Recomputes every receipt's hash from its signed text, checks sequence numbers and links, that each stored",
        "column agrees with the signed text, and that the chain ends where the issuers recorded it; the newest",
        "signature (and with --all-signatures every signature) is verified with the organisation's public keys.",
        "",
        "Example:",
        "  npm run cli -- verify-receipts --org demo",
      ].join("\n"),
    )
    .action(async (opts: { org: string; allSignatures?: boolean }) => {
      await withDatabase(async (database) => {
        const org = await requireOrganisation(database, opts.org);
        const started = performance.now();
        const result = await verifyOrgChain(database.db, org.id, { signatures: opts.allSignatures ? "all" : "linked" });
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        if (!result.ok) {
          const bad = result.firstBad;
          throw new CliError(
            `chain of ${org.slug} BROKEN at receipt #${bad.sequence ?? "?"}${bad.receiptId !== null ? ` (id ${bad.receiptId})` : ""}: ` +
              `${bad.problem}: ${bad.detail} (${result.count} receipts before it verified, ${seconds} s)`,
            1,
          );
        }
        process.stdout.write(
          result.count === 0
            ? `chain of ${org.slug} is empty: no receipt has been issued\n`
            : `chain of ${org.slug} intact: ${result.count} receipts, head #${result.head!.sequence} ${result.head!.hash}, ` +
                `Merkle root ${result.rootHash}, ${seconds} s\n`,
        );
      });
    });
}
