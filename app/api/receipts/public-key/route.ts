import { defineRoute } from "@/lib/auth/guard";
import { getOrgPublicKey } from "@/lib/services/receipt-view";
import { getSecretBox } from "@/lib/services/secrets";
import { publicKeyFileName } from "@/components/receipts/file-names";

/** The organisation's Ed25519 public key (SPKI PEM): what anyone needs to verify its receipts offline. */
export const GET = defineRoute("receipts:read", async (ctx) => {
  const key = await getOrgPublicKey(ctx.db, getSecretBox(), ctx.org.id);
  return new Response(key.publicKeyPem, {
    headers: {
      "content-type": "application/x-pem-file",
      "content-disposition": `attachment; filename="${publicKeyFileName(ctx.org.slug)}"`,
      "x-key-fingerprint": key.fingerprint,
      "cache-control": "private, no-store",
    },
  });
});
