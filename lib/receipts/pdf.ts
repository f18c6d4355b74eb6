import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import type { SignedReceipt } from "./schema";
import { toWinAnsi, wrapText } from "./pdf-text";

export interface ReceiptPdfOptions {
  /** Shown in the verification instructions, e.g. "acme-receipts.pem". */
  publicKeyFileName?: string;
  /** Shown in the instructions as the name of the JSON export, e.g. "receipt-42.json". */
  jsonFileName?: string;
  /** Reasons listed before "and N more" (the JSON holds them all). */
  maxReasons?: number;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.38, 0.42);
const RULE = rgb(0.8, 0.8, 0.84);

/** A readable copy of a signed receipt. The JSON export stays the document of record; this says how to check it. */
export async function renderReceiptPdf(signed: SignedReceipt, options: ReceiptPdfOptions = {}): Promise<Uint8Array> {
  const r = signed.receipt;
  const doc = await PDFDocument.create();
  const issued = new Date(r.issuedAt);
  doc.setTitle(toWinAnsi(`Risk Ledger receipt #${r.sequence} - ${r.change.repo}#${r.change.number ?? r.change.mergeSha.slice(0, 12)}`));
  doc.setSubject(`sha256 ${signed.hash}`);
  doc.setKeywords(["risk-ledger", "receipt", signed.hash]);
  doc.setAuthor(toWinAnsi(r.org.slug));
  doc.setCreator("Risk Ledger");
  doc.setProducer("Risk Ledger");
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);

  const w = new Writer(doc, {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  });

  const title = r.kind === "amendment" ? "Amended merge receipt" : "Merge receipt";
  w.line(title, { font: "bold", size: 18 });
  w.line(`${r.org.slug} - receipt #${r.sequence} - issued ${r.issuedAt}`, { color: MUTED, size: 9 });
  w.gap(6);

  const c = r.change;
  w.heading("Change");
  w.pair("Pull request", `${c.repo}${c.number ? `#${c.number}` : ""}  ${c.title}`);
  if (c.url) w.pair("URL", c.url);
  w.pair("Merge commit", c.mergeSha, true);
  if (c.headSha) w.pair("Merged head", c.headSha, true);
  w.pair("Merged", `${c.mergedAt}${c.mergedBy ? ` by ${c.mergedBy}` : ""}${c.baseRef ? ` into ${c.baseRef}` : ""}`);
  if (c.author) w.pair("Author", c.author);

  w.heading("Approvals");
  if (r.approvals.length === 0) w.para("No approving review was recorded.");
  for (const a of r.approvals) {
    const which = a.approvedMergedHead === null ? "commit not known" : a.approvedMergedHead ? "the merged head" : "an OLDER commit than the merged head";
    w.para(`${a.reviewer} approved ${a.commitSha ? a.commitSha.slice(0, 12) : "(commit unknown)"} - ${which}${a.approvedAt ? `, ${a.approvedAt}` : ""}`);
  }

  const s = r.assessment;
  w.heading("Assessment");
  w.pair("Risk", `${s.risk} / 100 - band ${s.band.toUpperCase()}`);
  w.pair("Model", r.modelVersion);
  w.pair("AI origin", s.ai.aiOrigin ? `yes (${s.ai.tools.join(", ") || "agent"})` : "no");
  if (s.services.length) w.pair("Services", s.services.join(", "));
  if (s.regimes.length) w.pair("Regimes", s.regimes.join(", "));
  w.para(
    s.signals.map((g) => `${g.name} ${g.points.toFixed(1)} pts (value ${g.value.toFixed(2)}, weight ${g.weight}, x${g.multiplier})`).join(";  "),
    { size: 8, color: MUTED },
  );
  const maxReasons = options.maxReasons ?? 10;
  for (const reason of s.reasons.slice(0, maxReasons)) {
    const evidence = reason.evidence.slice(0, 4).join("; ") + (reason.evidence.length > 4 ? `; +${reason.evidence.length - 4} more` : "");
    w.para(`- ${reason.message} [${reason.code}]${evidence ? `  Evidence: ${evidence}` : ""}`, { indent: 6 });
  }
  if (s.reasons.length > maxReasons) w.para(`... and ${s.reasons.length - maxReasons} more reasons in the JSON receipt.`, { color: MUTED });

  w.heading("Policy and rules");
  w.pair("Policy", `${r.policy.name}${r.policy.number ? ` (version ${r.policy.number})` : ""}`);
  w.pair("Policy sha256", r.policy.version, true);
  for (const rule of r.rules) {
    const status = { pass: "PASS", fail: "FAIL", not_applicable: "N/A", unknown: "UNKNOWN" }[rule.status];
    w.para(`[${status}] ${rule.title} (${rule.id}) - ${rule.reason}`, { indent: 6, font: rule.status === "fail" ? "bold" : "regular" });
  }
  if (r.rules.length === 0) w.para("No rules were evaluated.");

  w.heading("Attestations");
  if (r.attestations.length === 0) w.para("None.");
  for (const a of r.attestations) {
    w.para(`${a.name ? `${a.name} (${a.login})` : a.login}, ${a.standing}, at ${a.attestedAt} accepted risk ${a.accepted.risk} (${a.accepted.band}):`);
    w.para(`"${a.rationale}"`, { indent: 12 });
  }

  if (r.amends) {
    w.heading("Amends");
    w.para(`Receipt #${r.amends.sequence} (${r.amends.id}), ${r.amends.reason.kind}: ${r.amends.reason.detail}`);
    w.pair("Its hash", r.amends.hash, true);
  }

  w.heading("Chain and signature");
  w.pair("Position", `#${r.sequence} in the receipt chain of ${r.org.slug}`);
  w.pair("Previous hash", r.previousHash ?? "none (first receipt)", true);
  w.pair("Receipt hash", signed.hash, true);
  w.pair(`Signature (${signed.algorithm})`, signed.signature, true, 7.5);
  w.pair("Key fingerprint", signed.publicKeyFingerprint, true, 7);

  const json = options.jsonFileName ?? "receipt.json";
  const pem = options.publicKeyFileName ?? `${r.org.slug}-receipts.pem`;
  w.heading("How to verify");
  w.para(
    `This PDF is a readable copy. The signed document is the JSON export of this receipt. Download it and the organisation's public key (${pem}), check that the key's sha256 fingerprint is the one above, then run:`,
  );
  w.para(`npm run cli -- verify-receipt ${json} --public-key ${pem}`, { font: "mono", size: 8, indent: 12 });
  w.para(
    "Without Risk Ledger: the hash is SHA-256 of the RFC 8785 canonical JSON of the \"receipt\" field; the signature is Ed25519 over the text \"risk-ledger.receipt/v1\", a newline, and that hash in hex. docs/receipts.md gives the openssl commands.",
  );

  w.finish(`Receipt ${r.id} - sha256 ${signed.hash}`);
  return doc.save();
}

type FontName = "regular" | "bold" | "mono";
interface TextStyle {
  font?: FontName;
  size?: number;
  color?: ReturnType<typeof rgb>;
  indent?: number;
}

class Writer {
  private page!: PDFPage;
  private y = 0;
  private readonly pages: PDFPage[] = [];

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Record<FontName, PDFFont>,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN;
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN + 14) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  line(text: string, style: TextStyle = {}): void {
    this.para(text, style);
  }

  heading(text: string): void {
    this.ensure(40);
    this.y -= 8;
    this.page.drawLine({ start: { x: MARGIN, y: this.y + 2 }, end: { x: A4.width - MARGIN, y: this.y + 2 }, thickness: 0.5, color: RULE });
    this.y -= 12;
    this.para(text, { font: "bold", size: 11 });
    this.y -= 1;
  }

  para(text: string, style: TextStyle = {}): void {
    const font = this.fonts[style.font ?? "regular"];
    const size = style.size ?? 9;
    const indent = style.indent ?? 0;
    const leading = size * 1.3;
    for (const line of wrapText(text, font, size, CONTENT_WIDTH - indent)) {
      this.ensure(leading);
      this.y -= leading;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color: style.color ?? INK });
    }
  }

  /** A label and a value; monospace values (hashes) wrap inside the value column. */
  pair(label: string, value: string, mono = false, size = mono ? 8 : 9): void {
    const labelWidth = 92;
    const font = this.fonts[mono ? "mono" : "regular"];
    const lines = wrapText(value, font, size, CONTENT_WIDTH - labelWidth);
    const leading = 9 * 1.3;
    lines.forEach((line, i) => {
      this.ensure(leading);
      this.y -= leading;
      if (i === 0) this.page.drawText(toWinAnsi(label), { x: MARGIN, y: this.y, size: 9, font: this.fonts.bold, color: MUTED });
      this.page.drawText(line, { x: MARGIN + labelWidth, y: this.y, size, font, color: INK });
    });
  }

  finish(footer: string): void {
    const total = this.pages.length;
    this.pages.forEach((page, i) => {
      const text = toWinAnsi(`${footer} - page ${i + 1} of ${total}`);
      page.drawText(text, { x: MARGIN, y: MARGIN - 18, size: 7, font: this.fonts.regular, color: MUTED });
    });
  }
}
