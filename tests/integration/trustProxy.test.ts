import { afterEach, describe, expect, it, vi } from "vitest";
import { parseTrustedProxies } from "../../server/http/clientAddress";
import { startTestServer, TEST_PASSWORD, type TestServer } from "../fixtures/testServer";

const ATTACKER = "203.0.113.66";
const OWNER = "198.51.100.7";

let server: TestServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.stop();
  server = undefined;
});

/** Logs in over real HTTP, from 127.0.0.1, with the X-Forwarded-For a proxy would send. */
async function login(forwardedFor: string, email: string, password: string): Promise<Response> {
  return fetch(`${server!.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ email, password }),
  });
}

describe("login throttle behind a proxy (TRUST_PROXY)", () => {
  it("counts each client behind a trusted proxy on its own, so an attacker's 50 failures do not lock out others", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    server = await startTestServer({ trustProxy: parseTrustedProxies("loopback") });
    // The attacker varies what it writes to the left of the proxy's entry; only the proxy's entry counts.
    for (let i = 0; i < 50; i++) expect((await login(`10.9.${i}.1, ${ATTACKER}`, `geraten-${i}@demo.test`, "falsch")).status).toBe(401);
    const refused = await login(`10.9.99.1, ${ATTACKER}`, "sozialamt@demo.test", TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("900");
    expect((await login(OWNER, "sozialamt@demo.test", TEST_PASSWORD)).status).toBe(200);
  });

  it("ignores X-Forwarded-For without TRUST_PROXY, so a client cannot pick a fresh bucket per request", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    server = await startTestServer();
    for (let i = 0; i < 50; i++) expect((await login(`198.51.100.${i}`, `geraten-${i}@demo.test`, "falsch")).status).toBe(401);
    expect((await login(OWNER, "sozialamt@demo.test", TEST_PASSWORD)).status).toBe(429);
  });
});
