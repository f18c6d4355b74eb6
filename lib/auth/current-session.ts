import { cache } from "react";
import { getDb } from "../../db/instance";
import { loadSessionContext, type SessionContext } from "../services/session-context";
import { auth } from "./next-auth";

/** The session of this request, resolved against the database once per request. */
export const getCurrentSession = cache(async (): Promise<SessionContext | null> => {
  const session = (await auth()) as { sid?: string } | null;
  if (!session?.sid) return null;
  return loadSessionContext(await getDb(), session.sid, new Date());
});
