import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { loadPublicKey, publicKeyFingerprint } from "@/lib/receipts/keys";
import { verifyReceiptFile } from "@/lib/receipts/verify";
import { CliError } from "../errors";

/** Exit codes: 0 verified, 1 the receipt does not verify, 2 a file could not be read or the key is unusable. */
export function registerVerifyReceipt(program: Command): void {
  program
    .command("verify-receipt")
    .description("Verify an exported receipt (JSON) offline with the organisation's public key; needs no database")
    .argument("<file>", "the receipt JSON exactly as exported")
    .requiredOption("--public-key <file>", "the organisation's Ed25519 public key (PEM), downloaded from /receipts")
    .option("--allow-reformatted", "accept a file whose JSON was re-indented or re-ordered after export")
    .addHelpText(
      "after",
      [
        "",
        "Checks that the receipt's content hashes (SHA-256 of its RFC 8785 canonical JSON) to the recorded hash and",
        "that the Ed25519 signature over that hash verifies with the key. Exit 0 when verified, 1 when not, 2 when",
        "a file cannot be read. See docs/receipts.md for checking the same with openssl.",
        "",
        "Example:",
        "  npm run cli -- verify-receipt receipt-42.json --public-key acme-receipts.pem",
      ].join("\n"),
    )
    .action(async (file: string, opts: { publicKey: string; allowReformatted?: boolean }) => {
      const bytes = await readInput(file, "receipt");
      const pem = await readInput(opts.publicKey, "public key");
      let key;
      try {
        key = loadPublicKey(pem);
      } catch (err) {
        throw new CliError(`${opts.publicKey}: ${(err as Error).message}`, 2);
      }
      const result = verifyReceiptFile(bytes, key, { allowReformatted: opts.allowReformatted });
      if (!result.ok) throw new CliError(`NOT verified (${result.problem}): ${result.detail}`, 1);
      const r = result.signed.receipt;
      const change = `${r.change.repo}${r.change.number ? `#${r.change.number}` : ""}`;
      process.stdout.write(
        `verified: ${r.kind} receipt #${r.sequence} of ${r.org.slug} for ${change} (merge ${r.change.mergeSha.slice(0, 12)}), ` +
          `risk ${r.assessment.risk} ${r.assessment.band}, sha256 ${result.signed.hash}, key ${publicKeyFingerprint(key)}\n`,
      );
    });
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read the ${what} file ${path}${code ? ` (${code})` : ""}`, 2);
  }
}
