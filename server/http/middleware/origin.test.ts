import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { AppError } from "../../errors";
import { isAllowedOrigin, normaliseOrigin, originCheck, requestScheme } from "./origin";

describe("requestScheme", () => {
  it("is https on a TLS connection or when the proxy's X-Forwarded-Proto says https", () => {
    expect(requestScheme(true, undefined)).toBe("https");
    expect(requestScheme(false, "https")).toBe("https");
    expect(requestScheme(false, "HTTPS, http")).toBe("https");
    expect(requestScheme(false, undefined)).toBe("http");
    expect(requestScheme(false, "http")).toBe("http");
    expect(requestScheme(false, "http, https")).toBe("http");
  });
});

describe("normaliseOrigin", () => {
  it("lowercases, drops default ports, paths and trailing slashes", () => {
    expect(normaliseOrigin("HTTPS://Steuerrad.Example.de:443/")).toBe("https://steuerrad.example.de");
    expect(normaliseOrigin("http://localhost:80")).toBe("http://localhost");
    expect(normaliseOrigin("https://steuerrad.example.de:8443/pfad")).toBe("https://steuerrad.example.de:8443");
    expect(normaliseOrigin("http://[::1]:8080")).toBe("http://[::1]:8080");
  });

  it("is null for anything but an http(s) origin", () => {
    for (const value of ["null", "", "steuerrad.example.de", "file:///etc/passwd", "javascript:alert(1)", "https://user:pw@steuerrad.example.de"]) {
      expect(normaliseOrigin(value), value).toBeNull();
    }
  });
});

describe("isAllowedOrigin", () => {
  const https = { host: "steuerrad.example.de", scheme: "https" as const };
  const http = { host: "localhost:8080", scheme: "http" as const };

  it("allows a request without Origin (not a browser)", () => {
    expect(isAllowedOrigin(undefined, https, [])).toBe(true);
  });

  it("allows the request's own origin: same scheme, host and port", () => {
    expect(isAllowedOrigin("https://steuerrad.example.de", https, [])).toBe(true);
    expect(isAllowedOrigin("https://steuerrad.example.de:443", https, [])).toBe(true);
    expect(isAllowedOrigin("https://steuerrad.example.de", { host: "Steuerrad.example.de:443", scheme: "https" }, [])).toBe(true);
    expect(isAllowedOrigin("http://localhost:8080", http, [])).toBe(true);
    expect(isAllowedOrigin("http://localhost", { host: "localhost:80", scheme: "http" }, [])).toBe(true);
  });

  it("refuses http://host when the server is reached by https, and the other way round", () => {
    expect(isAllowedOrigin("http://steuerrad.example.de", https, [])).toBe(false);
    expect(isAllowedOrigin("https://localhost:8080", http, [])).toBe(false);
  });

  it("refuses another port or host of the same name", () => {
    expect(isAllowedOrigin("https://steuerrad.example.de:8443", https, [])).toBe(false);
    expect(isAllowedOrigin("http://localhost:8081", http, [])).toBe(false);
    expect(isAllowedOrigin("https://steuerrad.example.de.evil.test", https, [])).toBe(false);
    expect(isAllowedOrigin("https://evil.example", https, [])).toBe(false);
  });

  it("refuses the opaque origin null and a missing or odd Host", () => {
    expect(isAllowedOrigin("null", https, [])).toBe(false);
    expect(isAllowedOrigin("https://steuerrad.example.de", { host: undefined, scheme: "https" }, [])).toBe(false);
    expect(isAllowedOrigin("https://evil.example", { host: "evil.example/x@steuerrad.example.de", scheme: "https" }, [])).toBe(false);
  });

  it("compares ALLOWED_ORIGINS entries as normalised origins, with their scheme", () => {
    const allowed = ["HTTPS://Steuerrad.Example.de:443/", "http://intranet.example:8080", "kein origin"];
    expect(isAllowedOrigin("https://steuerrad.example.de", http, allowed)).toBe(true);
    expect(isAllowedOrigin("http://intranet.example:8080", https, allowed)).toBe(true);
    expect(isAllowedOrigin("http://steuerrad.example.de", http, allowed)).toBe(false);
    expect(isAllowedOrigin("http://intranet.example", https, allowed)).toBe(false);
  });
});

describe("originCheck", () => {
  function buildApp(allowed: string[] = []) {
    const app = new Hono()
      .use(originCheck(allowed))
      .post("/api/thing", (c) => c.json({ ok: true }))
      .get("/api/thing", (c) => c.json({ ok: true }));
    app.onError((error, c) => (error instanceof AppError ? c.json({ error: { code: error.code, message: error.message } }, error.status) : c.json({}, 500)));
    return app;
  }

  it("refuses a POST from http://host when the proxy says the request came by https", async () => {
    const response = await buildApp().request("http://steuerrad.example.de/api/thing", {
      method: "POST",
      headers: { host: "steuerrad.example.de", origin: "http://steuerrad.example.de", "x-forwarded-proto": "https" },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "forbidden", message: "Anfrage von fremdem Ursprung abgelehnt (Origin)." } });
  });

  it("accepts a POST from https://host behind the proxy and from http://host without it", async () => {
    const app = buildApp();
    const proxied = await app.request("http://steuerrad.example.de/api/thing", {
      method: "POST",
      headers: { host: "steuerrad.example.de", origin: "https://steuerrad.example.de", "x-forwarded-proto": "https" },
    });
    expect(proxied.status).toBe(200);
    const plain = await app.request("http://localhost:8080/api/thing", { method: "POST", headers: { host: "localhost:8080", origin: "http://localhost:8080" } });
    expect(plain.status).toBe(200);
  });

  it("refuses https://host on a plain HTTP request without a proxy's word, unless ALLOWED_ORIGINS names it", async () => {
    const init = { method: "POST", headers: { host: "steuerrad.example.de", origin: "https://steuerrad.example.de" } };
    expect((await buildApp().request("http://steuerrad.example.de/api/thing", init)).status).toBe(403);
    expect((await buildApp(["https://steuerrad.example.de/"]).request("http://steuerrad.example.de/api/thing", init)).status).toBe(200);
  });

  it("lets reading requests through from any origin", async () => {
    const response = await buildApp().request("http://steuerrad.example.de/api/thing", { headers: { host: "steuerrad.example.de", origin: "https://evil.example" } });
    expect(response.status).toBe(200);
  });
});
