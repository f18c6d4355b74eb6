import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { users, type User } from "../schema";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return row;
}

export async function findUserByGithubLogin(db: DbOrTx, login: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.githubLogin, login)).limit(1);
  return row;
}

export async function getUserById(db: DbOrTx, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function createUser(
  db: DbOrTx,
  input: { email: string; name: string; passwordHash?: string | null; githubLogin?: string | null },
): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email) })
    .returning();
  return row!;
}

export async function setUserPasswordHash(db: DbOrTx, userId: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function linkGithubLogin(db: DbOrTx, userId: string, login: string): Promise<void> {
  await db.update(users).set({ githubLogin: login }).where(eq(users.id, userId));
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length;
}
