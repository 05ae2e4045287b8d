import { afterEach, describe, expect, it, vi } from "vitest";
import { reportSessionDoubt } from "../lib/api";
import { checkSession, watchSessionEnd } from "./session";

/** Answers every request with this status and body (or throws, as fetch does offline). */
function serverAnswers(answer: { status: number; body?: unknown } | "offline"): string[] {
  const requested: string[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL) => {
    requested.push(String(input));
    if (answer === "offline") throw new TypeError("Failed to fetch");
    return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status, headers: { "content-type": "application/json" } });
  });
  return requested;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("checkSession", () => {
  it("[SYNC24] counts only GET /api/me answering 401, or another user, as a gone session", async () => {
    const requested = serverAnswers({ status: 401, body: { error: { code: "unauthenticated" } } });
    expect(await checkSession("u1")).toBe("gone");
    expect(requested).toEqual(["/api/me"]);
    serverAnswers({ status: 200, body: { id: "u2" } });
    expect(await checkSession("u1")).toBe("gone");
    serverAnswers({ status: 200, body: { id: "u1" } });
    expect(await checkSession("u1")).toBe("valid");
  });

  it("[SYNC24] never takes no network or a server error for a gone session", async () => {
    serverAnswers("offline");
    expect(await checkSession("u1")).toBe("unknown");
    serverAnswers({ status: 503 });
    expect(await checkSession("u1")).toBe("unknown");
  });
});

describe("watchSessionEnd", () => {
  it("[SYNC24] ends the session once a doubt is confirmed, after retrying while the server was unreachable", async () => {
    vi.useFakeTimers();
    serverAnswers("offline");
    const gone = vi.fn();
    const stop = watchSessionEnd("u1", gone, 100);
    reportSessionDoubt();
    await vi.advanceTimersByTimeAsync(150);
    expect(gone).not.toHaveBeenCalled();
    serverAnswers({ status: 401 });
    await vi.advanceTimersByTimeAsync(250);
    expect(gone).toHaveBeenCalledTimes(1);
    stop();
  });

  it("[SYNC24] keeps the session when the server still knows it (a wrong password also answers 401)", async () => {
    const requested = serverAnswers({ status: 200, body: { id: "u1" } });
    const gone = vi.fn();
    const stop = watchSessionEnd("u1", gone);
    reportSessionDoubt();
    await vi.waitFor(() => expect(requested).toHaveLength(1));
    // A second check starts only once the first one settled on a session that still stands.
    await vi.waitFor(() => {
      reportSessionDoubt();
      expect(requested.length).toBeGreaterThan(1);
    });
    expect(gone).not.toHaveBeenCalled();
    stop();
  });
});
