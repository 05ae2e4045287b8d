import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptedEncodings, IMMUTABLE_CACHE_CONTROL, staticAssets } from "../../server/http/staticAssets";

const SCRIPT = `export const answer = ${JSON.stringify("x".repeat(4000))};\n`;
const INDEX = "<!doctype html><title>Steuerrad</title><script type=module src=/assets/index-Ab12Cd34.js></script>";
const SECRET = "secret outside the client folder";

let folder: string;
let app: Hono;

/** A built client as Vite writes it: hashed assets with .br and .gz copies, index.html, the service worker. */
function writeClient(root: string): void {
  mkdirSync(join(root, "assets"), { recursive: true });
  mkdirSync(join(root, ".vite"));
  const withCopies = (path: string, content: string) => {
    writeFileSync(path, content);
    writeFileSync(`${path}.br`, brotliCompressSync(content));
    writeFileSync(`${path}.gz`, gzipSync(content));
  };
  withCopies(join(root, "assets/index-Ab12Cd34.js"), SCRIPT);
  withCopies(join(root, "index.html"), INDEX);
  withCopies(join(root, "sw.js"), `/* service worker */ ${"y".repeat(2000)}`);
  writeFileSync(join(root, "assets/only-gzip-Zz99Yy88.css"), "body{}");
  writeFileSync(join(root, "assets/only-gzip-Zz99Yy88.css.gz"), gzipSync("body{}"));
  writeFileSync(join(root, "assets/logo-Qq11Ww22.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(root, ".vite/manifest.json"), "{}");
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "static-assets-"));
  writeFileSync(join(folder, "secret.txt"), SECRET);
  const root = join(folder, "client");
  writeClient(root);
  // As server/app.ts mounts it: the built files, then the client's routes answering index.html.
  app = new Hono();
  app.use("/*", staticAssets({ root }));
  app.get("/*", (c) => c.html(INDEX));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(app.request(`http://localhost${path}`, { headers }));
}

describe("static assets", () => {
  it("sends the brotli copy of a script when the browser accepts br, with its type and Vary", async () => {
    const response = await get("/assets/index-Ab12Cd34.js", { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBe("br");
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("vary")).toBe("Accept-Encoding");
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get("content-length")).toBe(String(body.length));
    expect(brotliDecompressSync(body).toString()).toBe(SCRIPT);
  });

  it("sends the gzip copy when brotli is not accepted, and the plain file when neither is", async () => {
    const gzip = await get("/assets/index-Ab12Cd34.js", { "accept-encoding": "gzip, deflate" });
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(SCRIPT);

    const refused = await get("/assets/index-Ab12Cd34.js", { "accept-encoding": "br;q=0, gzip" });
    expect(refused.headers.get("content-encoding")).toBe("gzip");

    const plain = await get("/assets/index-Ab12Cd34.js");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("vary")).toBe("Accept-Encoding");
    expect(await plain.text()).toBe(SCRIPT);
  });

  it("falls back to the next copy the build made (a file without .br)", async () => {
    const response = await get("/assets/only-gzip-Zz99Yy88.css", { "accept-encoding": "br, gzip" });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(response.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("caches hashed files under /assets/ for a year as immutable, images included, without compressing images", async () => {
    for (const path of ["/assets/index-Ab12Cd34.js", "/assets/only-gzip-Zz99Yy88.css", "/assets/logo-Qq11Ww22.png"]) {
      expect((await get(path, { "accept-encoding": "br, gzip" })).headers.get("cache-control")).toBe(IMMUTABLE_CACHE_CONTROL);
    }
    const image = await get("/assets/logo-Qq11Ww22.png", { "accept-encoding": "br, gzip" });
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("content-encoding")).toBeNull();
    expect(image.headers.get("vary")).toBeNull();
  });

  it("revalidates index.html, the service worker and the client's routes on every load (no-cache)", async () => {
    for (const path of ["/", "/index.html", "/sw.js", "/scorecards/abc", "/talks"]) {
      const response = await get(path, { "accept-encoding": "br" });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("no-cache");
    }
    const root = await get("/", { "accept-encoding": "br" });
    expect(root.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(brotliDecompressSync(Buffer.from(await root.arrayBuffer())).toString()).toBe(INDEX);
  });

  it("answers 304 to a revalidation with the current ETag, per encoding", async () => {
    const first = await get("/index.html", { "accept-encoding": "gzip" });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+-gzip"$/);
    const again = await get("/index.html", { "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // Another encoding is another representation: no 304 for the gzip tag.
    expect((await get("/index.html", { "accept-encoding": "br", "if-none-match": etag })).status).toBe(200);
  });

  it("answers HEAD with the headers and no body", async () => {
    const response = await app.request("http://localhost/assets/index-Ab12Cd34.js", { method: "HEAD", headers: { "accept-encoding": "br" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBe("br");
    expect(await response.text()).toBe("");
  });

  it("answers 404 for a missing asset instead of the page (a browser would cache HTML as a script)", async () => {
    const response = await get("/assets/gone-Xx00Xx00.js");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).not.toContain("html");
  });

  it("never serves a file outside the client folder or a hidden one, however the path is encoded", async () => {
    const attempts = [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
      "/..%5csecret.txt",
      "/assets/%252e%252e%252fsecret.txt",
      "/index.html%00.js",
      "/.vite/manifest.json",
      "/%2evite/manifest.json",
    ];
    for (const path of attempts) {
      const response = await get(path);
      const body = await response.text();
      expect(body, path).not.toContain(SECRET);
      expect(body, path).not.toBe("{}");
      expect([200, 404], path).toContain(response.status);
      // Outside /assets/ a miss is the client's page; under it, a 404.
      if (path.startsWith("/assets/")) expect(response.status, path).toBe(404);
      else if (response.status === 200) expect(body, path).toBe(INDEX);
    }
  });

  it("leaves the API alone", async () => {
    const api = new Hono();
    api.use("/*", staticAssets({ root: join(folder, "client") }));
    api.get("/api/index.html", (c) => c.json({ api: true }));
    expect(await (await api.request("http://localhost/api/index.html")).json()).toEqual({ api: true });
  });
});

describe("acceptedEncodings", () => {
  it("reads q-values and the wildcard", () => {
    expect([...acceptedEncodings("gzip, deflate, br")].sort()).toEqual(["br", "deflate", "gzip"]);
    expect([...acceptedEncodings("br;q=0, gzip;q=0.5")]).toEqual(["gzip"]);
    expect([...acceptedEncodings("*")].sort()).toEqual(["br", "gzip"]);
    expect([...acceptedEncodings("*;q=1, br;q=0")]).toEqual(["gzip"]);
    expect([...acceptedEncodings("identity")]).toEqual(["identity"]);
    expect(acceptedEncodings("").size).toBe(0);
  });
});
