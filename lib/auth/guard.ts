import { forbidden, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "../../db/instance";
import type { Db } from "../../db/client";
import { AppError } from "../services/errors";
import type { OrgSummary, SessionContext } from "../services/session-context";
import { getCurrentSession } from "./current-session";
import { can, type Capability } from "./permissions";

/** A request that passed the wall: signed in, working in an organisation, holding the capability. */
export interface Authorized extends SessionContext {
  org: OrgSummary;
  db: Db;
}

async function resolve(capability: Capability): Promise<{ ctx: Authorized } | { failure: 401 | 403 }> {
  const ctx = await getCurrentSession();
  if (!ctx) return { failure: 401 };
  if (!ctx.org || !can(ctx.roles, capability)) return { failure: 403 };
  return { ctx: { ...ctx, org: ctx.org, db: await getDb() } };
}

/** For pages and layouts: sign-in redirect without a session, 403 without the capability. */
export async function requirePage(capability: Capability, from?: string): Promise<Authorized> {
  const result = await resolve(capability);
  if ("failure" in result) {
    if (result.failure === 401) redirect(from ? `/sign-in?callbackUrl=${encodeURIComponent(from)}` : "/sign-in");
    forbidden();
  }
  return result.ctx;
}

export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: string; code: string; fieldErrors?: Record<string, string[]> };

export interface GuardedAction<I, T> {
  (input: I): Promise<ActionResult<T>>;
  capability: Capability;
}

/**
 * Every server action goes through here: session and capability checked on the server, input parsed with zod
 * (all field errors reported), typed errors mapped to a result. Actions are public endpoints; nothing else guards them.
 */
export function defineAction<S extends z.ZodType, T>(
  capability: Capability,
  input: S,
  handler: (ctx: Authorized, input: z.output<S>) => Promise<T | ActionResult<T>>,
): GuardedAction<z.input<S> | FormData, T> {
  const action = async (raw: z.input<S> | FormData): Promise<ActionResult<T>> => {
    const result = await resolve(capability);
    if ("failure" in result) {
      return result.failure === 401
        ? { ok: false, code: "unauthenticated", error: "Your session has ended. Sign in again." }
        : { ok: false, code: "forbidden", error: "You do not have permission to do this." };
    }
    const data = raw instanceof FormData ? formDataToObject(raw) : raw;
    const parsed = input.safeParse(data);
    if (!parsed.success) {
      return {
        ok: false,
        code: "invalid",
        error: "Some fields need attention.",
        fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      };
    }
    try {
      const out = await handler(result.ctx, parsed.data);
      if (out && typeof out === "object" && "ok" in out && typeof (out as ActionResult<T>).ok === "boolean") {
        return out as ActionResult<T>;
      }
      return { ok: true, data: out as T };
    } catch (err) {
      if (err instanceof AppError) {
        const fieldErrors = "fieldErrors" in err ? (err.fieldErrors as Record<string, string[]>) : undefined;
        return { ok: false, code: err.code, error: err.message, fieldErrors };
      }
      throw err;
    }
  };
  return Object.assign(action, { capability });
}

export interface GuardedRoute {
  (request: Request, context: { params: Promise<Record<string, string | string[]>> }): Promise<Response>;
  capability: Capability;
}

/** Every API route handler goes through here: 401 without a session, 403 without the capability. */
export function defineRoute(
  capability: Capability,
  handler: (ctx: Authorized, request: Request, params: Record<string, string | string[]>) => Promise<Response>,
): GuardedRoute {
  const route = async (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => {
    const result = await resolve(capability);
    if ("failure" in result) {
      return Response.json(
        { error: result.failure === 401 ? "Sign in first." : "You do not have permission to do this." },
        { status: result.failure },
      );
    }
    try {
      return await handler(result.ctx, request, (await context?.params) ?? {});
    } catch (err) {
      if (err instanceof AppError) return Response.json({ error: err.message, code: err.code }, { status: err.status });
      throw err;
    }
  };
  return Object.assign(route, { capability });
}

function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION")) continue;
    const v = typeof value === "string" ? value : value.name;
    if (key in out) {
      const prev = out[key];
      out[key] = Array.isArray(prev) ? [...prev, v] : [prev, v];
    } else out[key] = v;
  }
  return out;
}
