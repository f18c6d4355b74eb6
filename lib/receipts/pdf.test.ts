import { inflateSync } from "node:zlib";
import { PDFArray, PDFDocument, PDFName, PDFRawStream, StandardFonts, type PDFPage } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { appendReceipt } from "./chain";
import { buildMergeReceipt } from "./build";
import { renderReceiptPdf } from "./pdf";
import { toWinAnsi, wrapText } from "./pdf-text";
import { sampleReceiptInput } from "./testing/sample-data";
import { buildSampleChain } from "./testing/chain-fixtures";

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (Node's TextDecoder may treat the two as one).
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const cp1252 = {
  decode: (bytes: Buffer) => [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b))).join(""),
};

/** The text drawn on a page: pdf-lib writes each line as a hex string shown with Tj in a deflated stream. */
function pageText(page: PDFPage): string {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  let text = "";
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) continue;
    const filter = stream.dict.get(PDFName.of("Filter"));
    const raw = Buffer.from(stream.contents);
    const decoded = (filter ? inflateSync(raw) : raw).toString("latin1");
    for (const m of decoded.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) text += `${cp1252.decode(Buffer.from(m[1]!, "hex"))}\n`;
  }
  return text;
}

async function render(...args: Parameters<typeof renderReceiptPdf>) {
  const bytes = await renderReceiptPdf(...args);
  const doc = await PDFDocument.load(bytes);
  return { doc, text: doc.getPages().map(pageText).join("\n") };
}

describe("receipt PDF", () => {
  const { receipts } = buildSampleChain(6);
  const signed = receipts[5]!;

  it("parses back and states the change, approvals, score, rules, chain position, hash, signature and how to verify", async () => {
    const { doc, text } = await render(signed, { jsonFileName: "receipt-6.json", publicKeyFileName: "acme.pem" });
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getPageCount()).toBeLessThanOrEqual(2);
    expect(doc.getSubject()).toBe(`sha256 ${signed.hash}`);
    for (const expected of [
      "Merge receipt",
      "acme/web#1005",
      signed.receipt.change.mergeSha,
      "alice approved",
      "the merged head",
      "bob approved",
      "an OLDER commit than the merged head",
      `${signed.receipt.assessment.risk} / 100`,
      "[FAIL] Required approvals for tier 0",
      "[PASS] CODEOWNERS approval",
      signed.receipt.policy.version,
      "Alice Ng (alice)",
      "#6 in the receipt chain of acme",
      signed.hash,
      signed.receipt.previousHash!,
      signed.publicKeyFingerprint,
      "npm run cli -- verify-receipt receipt-6.json --public-key acme.pem",
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toContain(signed.signature);
  });

  it("wraps long text and replaces characters the standard fonts cannot encode", async () => {
    const input = sampleReceiptInput(5);
    const long = "Reviewed with finance and the on-call lead; ".repeat(60);
    const draft = buildMergeReceipt({
      ...input,
      change: { ...(input.change as object), title: "Ship 支払い ledger 🚀 — “quoted” ≤ 5 ms", author: { login: "zoë", type: "User" } } as never,
      attestations: [{ ...input.attestations![0]!, rationale: long, name: "Łukasz Żółć" }],
    });
    const rendered = appendReceipt(receipts[5]!, draft, buildSampleChain(0, undefined).signer);
    const { doc, text } = await render(rendered);
    expect(doc.getPageCount()).toBeLessThanOrEqual(2);
    expect(text).toContain("Ship ??? ledger ? — “quoted” <= 5 ms");
    expect(text).toContain("Lukasz Zólc (alice)");
    expect(text.split("\n").filter((line) => line.includes("on-call lead")).length).toBeGreaterThan(10);
  });

  it("wraps within the width, splitting unbroken runs and keeping every character", async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const text = `approved by ${"f".repeat(300)} after a long discussion about the rollout plan`;
    const lines = wrapText(text, font, 9, 200);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 9)).toBeLessThanOrEqual(200);
    expect(lines.join("").replace(/ /g, "")).toBe(text.replace(/ /g, ""));
    expect(wrapText("first\nsecond", font, 9, 200)).toEqual(["first", "second"]);
  });

  it("maps text to WinAnsi", () => {
    expect(toWinAnsi("café – “ok” € ✓ → 日本 \t x")).toBe("café – “ok” € v -> ??    x");
  });
});
