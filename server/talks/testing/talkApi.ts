/**
 * The talk routes over HTTP for tests (`app.request`, no network): the session middleware
 * and `/api/talks` as server/app.ts mounts them, with the app's error format, on a test
 * stack; sessions are created directly for the demo users.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { createSession, SESSION_COOKIE } from "../../auth/sessions";
import { AppError } from "../../errors";
import { sessionMiddleware, type SessionVariables } from "../../http/middleware/session";
import { talkRoutes } from "../../http/routes/talks";
import { findUserByEmail } from "../../persistence/users";
import type { TalkStack } from "../../../tests/fixtures/talkStack";

/** An answer: status and JSON body (with `error` on a failure). */
export interface ApiAnswer<T> {
  /** HTTP status. */
  status: number;
  /** The JSON body. */
  body: T & { error?: { code: string; message: string } };
}

/** Calls the talk API as a user, by e-mail address. */
export type TalkApiCall = <T>(as: string, path: string, init?: { method?: string; json?: unknown }) => Promise<ApiAnswer<T>>;

/**
 * The talk API of a stack, callable as any user of its database.
 * @param stack - the test stack (seeded)
 * @returns `call(email, "/api/talks…", { method, json })`
 * @example const call = talkApi(stack); const { status, body } = await call<TalkList>("sozialamt@demo.test", "/api/talks");
 */
export function talkApi(stack: Pick<TalkStack, "db" | "talks">): TalkApiCall {
  const app = new Hono<{ Variables: SessionVariables }>().use(sessionMiddleware(stack.db, undefined)).route("/api/talks", talkRoutes({ db: stack.db, talks: stack.talks }));
  app.onError((error, c) => {
    if (error instanceof AppError) return c.json({ error: { code: error.code, message: error.message } }, error.status);
    if (error instanceof HTTPException) return c.json({ error: { code: "bad_request", message: error.message } }, error.status);
    return c.json({ error: { code: "internal", message: (error as Error).message } }, 500);
  });
  const cookies = new Map<string, string>();
  const cookieOf = (email: string) => {
    if (!cookies.has(email)) {
      const user = findUserByEmail(stack.db, email);
      if (!user) throw new Error(`no user ${email}`);
      cookies.set(email, `${SESSION_COOKIE}=${createSession(stack.db, user.id).token}`);
    }
    return cookies.get(email)!;
  };
  return async (as, path, init = {}) => {
    const headers = new Headers({ host: "localhost", cookie: cookieOf(as) });
    if (init.json !== undefined) headers.set("content-type", "application/json");
    const response = await app.request(`http://localhost${path}`, { method: init.method ?? "GET", headers, body: init.json !== undefined ? JSON.stringify(init.json) : undefined });
    return { status: response.status, body: await response.json() };
  };
}
