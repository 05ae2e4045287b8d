/**
 * Serves the built client (dist/client) the way a slow line needs it: the brotli or gzip
 * copy the build made beside each text file (vite.config.ts) when the browser accepts it,
 * hashed files under /assets/ cached for a year as immutable, and index.html and the
 * service worker revalidated on every load, so a deploy reaches browsers at once.
 */
import type { MiddlewareHandler } from "hono";
import { getMimeType } from "hono/utils/mime";
import { readFile, stat } from "node:fs/promises";
import { resolve, sep } from "node:path";

/** Options of {@link staticAssets}. */
export interface StaticAssetsOptions {
  /** The folder of the built client. */
  root: string;
}

/** The encodings the build writes beside a file, best first. */
const ENCODINGS = [
  { name: "br", extension: ".br" },
  { name: "gzip", extension: ".gz" },
] as const;

/** Files under this path carry a content hash in their name (Vite's assets folder). */
const HASHED_PREFIX = "/assets/";
/** A year, the longest lifetime caches honour. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
/** Revalidate each time: the file's name stays while its content changes. */
export const REVALIDATE_CACHE_CONTROL = "no-cache";

/** One file on disk to answer with. */
interface Variant {
  path: string;
  size: number;
  mtimeMs: number;
  encoding: string | null;
}

/**
 * Middleware serving the built client from `root` for GET and HEAD.
 *
 * Chooses `.br` over `.gz` over the plain file by the request's Accept-Encoding and answers
 * with `Content-Encoding`, `Vary: Accept-Encoding`, the original file's Content-Type and an
 * ETag (304 on `If-None-Match`). A missing file under /assets/ is a 404 (an HTML page there
 * would be cached as a script); any other miss goes on to the next handler (the client's
 * routes), whose HTML answer gets `Cache-Control: no-cache`. Paths leaving `root`, hidden
 * files and encoded NULs are never served.
 * @param options - where the built client is
 * @returns the Hono middleware
 * @example
 * app.use("/*", staticAssets({ root: config.clientDir }));
 */
export function staticAssets(options: StaticAssetsOptions): MiddlewareHandler {
  const root = resolve(options.root);
  return async (c, next) => {
    if ((c.req.method !== "GET" && c.req.method !== "HEAD") || c.req.path.startsWith("/api/")) return next();
    const file = resolveFile(root, c.req.path);
    const plain = file ? await fileStat(file) : null;
    if (!file || !plain) {
      if (c.req.path.startsWith(HASHED_PREFIX)) return c.text("Not found", 404, { "cache-control": REVALIDATE_CACHE_CONTROL });
      await next();
      // The client's routes answer with index.html: it must be revalidated like "/".
      if (c.res.headers.get("content-type")?.startsWith("text/html") && !c.res.headers.has("cache-control")) {
        c.res.headers.set("cache-control", REVALIDATE_CACHE_CONTROL);
      }
      return;
    }

    const variant = await chooseVariant(file, plain, c.req.header("accept-encoding") ?? "");
    const etag = `W/"${variant.size.toString(36)}-${Math.floor(variant.mtimeMs).toString(36)}${variant.encoding ? `-${variant.encoding}` : ""}"`;
    const headers: Record<string, string> = {
      "content-type": getMimeType(file) ?? "application/octet-stream",
      "cache-control": c.req.path.startsWith(HASHED_PREFIX) ? IMMUTABLE_CACHE_CONTROL : REVALIDATE_CACHE_CONTROL,
      etag,
    };
    if (variant.encoding) headers["content-encoding"] = variant.encoding;
    if (isCompressible(file)) headers["vary"] = "Accept-Encoding";
    if (matchesEtag(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
    headers["content-length"] = String(variant.size);
    if (c.req.method === "HEAD") return c.body(null, 200, headers);
    return c.body(new Uint8Array(await readFile(variant.path)), 200, headers);
  };
}

/**
 * The file a request path names inside root, or null when the path is malformed, leaves
 * root, names a hidden file (e.g. Vite's .vite folder) or holds a NUL.
 */
function resolveFile(root: string, requestPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (path.includes("\0") || path.includes("\\")) return null;
  if (path.endsWith("/")) path += "index.html";
  if (path.split("/").some((segment) => segment.startsWith("."))) return null;
  const file = resolve(root, `.${path}`);
  return file.startsWith(root + sep) ? file : null;
}

async function fileStat(path: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** The best precompressed copy the browser accepts, else the file itself. */
async function chooseVariant(file: string, plain: { size: number; mtimeMs: number }, acceptEncoding: string): Promise<Variant> {
  const accepted = acceptedEncodings(acceptEncoding);
  if (isCompressible(file)) {
    for (const encoding of ENCODINGS) {
      if (!accepted.has(encoding.name)) continue;
      const compressed = await fileStat(file + encoding.extension);
      if (compressed) return { path: file + encoding.extension, ...compressed, encoding: encoding.name };
    }
  }
  return { path: file, ...plain, encoding: null };
}

/**
 * The encodings an Accept-Encoding header allows: listed with a q-value above 0, or
 * covered by `*`.
 */
export function acceptedEncodings(header: string): Set<string> {
  const accepted = new Set<string>();
  const refused = new Set<string>();
  let wildcard = false;
  for (const part of header.split(",")) {
    const [name, ...parameters] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    const allowed = !q || Number(q[1]) > 0;
    if (name === "*") wildcard = allowed;
    else (allowed ? accepted : refused).add(name);
  }
  if (wildcard) for (const encoding of ENCODINGS) if (!refused.has(encoding.name)) accepted.add(encoding.name);
  return accepted;
}

/** Whether the build writes compressed copies of this kind of file (text formats). */
function isCompressible(file: string): boolean {
  return /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/.test(file);
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((candidate) => candidate.trim() === etag || candidate.trim() === "*");
}
