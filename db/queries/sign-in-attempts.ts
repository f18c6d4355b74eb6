import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { signInAttempts } from "../schema";

export async function countSignInFailures(db: DbOrTx, key: string, windowStart: Date): Promise<number> {
  const [row] = await db
    .select({ failures: signInAttempts.failures })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.key, key), eq(signInAttempts.windowStart, windowStart)));
  return row?.failures ?? 0;
}

export async function recordSignInFailure(db: DbOrTx, key: string, windowStart: Date): Promise<void> {
  await db
    .insert(signInAttempts)
    .values({ key, windowStart, failures: 1 })
    .onConflictDoUpdate({
      target: [signInAttempts.key, signInAttempts.windowStart],
      set: { failures: sql`${signInAttempts.failures} + 1` },
    });
}

export async function clearSignInFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.key, key));
}
