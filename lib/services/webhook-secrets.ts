import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { recordAuditEvent } from "../../db/queries/audit";
import { getOrganisation, setWebhookSecrets } from "../../db/queries/organisations";
import type { SecretBox } from "../crypto";
import { NotFoundError } from "./errors";

const aad = (orgId: string) => `webhook-secret:${orgId}`;

/**
 * A new webhook secret; the previous one keeps verifying deliveries until the next rotation, so GitHub's settings
 * can be updated without dropping events. The new secret is returned once, to be pasted into GitHub.
 */
export async function rotateWebhookSecret(db: Db, box: SecretBox, actor: { orgId: string; userId: string | null }): Promise<string> {
  const org = await getOrganisation(db, actor.orgId);
  if (!org) throw new NotFoundError();
  const secret = randomBytes(32).toString("base64url");
  await setWebhookSecrets(db, actor.orgId, { current: box.seal(secret, aad(actor.orgId)), previous: org.webhookSecretSealed });
  await recordAuditEvent(db, { orgId: actor.orgId, actorUserId: actor.userId, action: "webhook.rotate-secret" });
  return secret;
}

/** The secrets a delivery may be signed with (current first). */
export function webhookSecretsOf(
  box: SecretBox,
  org: { id: string; webhookSecretSealed: string | null; previousWebhookSecretSealed: string | null },
): string[] {
  return [org.webhookSecretSealed, org.previousWebhookSecretSealed]
    .filter((s): s is string => Boolean(s))
    .map((s) => box.openText(s, aad(org.id)));
}
