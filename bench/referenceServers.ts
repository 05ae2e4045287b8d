import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as Y from "yjs";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { login, TEST_PASSWORD } from "../tests/fixtures/testServer";
import { connectClient } from "../tests/fixtures/yClient";
import { startServerProcess } from "../tests/fixtures/serverProcess";
import { prepareScorecards } from "./collaboration";

/** The servers the benchmark compares. */
export type ServerKind = "steuerrad" | "y-websocket" | "hocuspocus";

/** A client of one room, whatever the server. */
export interface BenchClient {
  doc: Y.Doc;
  /** Resolves after the first full sync. */
  synced: Promise<void>;
  destroy(): void;
}

/** A running server with rooms to edit. */
export interface BenchServer {
  kind: ServerKind;
  /** The server process, for CPU and memory. */
  pid: number;
  /** Room names (Steuerrad: scorecard ids). */
  rooms: string[];
  connect(room: string): BenchClient;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, "..");

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** Starts a child process and waits until it prints that it listens. */
function startChild(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((done, fail) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`${args.join(" ")} did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready.test(output)) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.stdout!.resume();
      done(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => fail(new Error(`${args.join(" ")} exited with ${code}:\n${output}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}

/** Resolves when a provider reports its first sync. */
function syncedOf(provider: { synced: boolean }, subscribe: (listener: () => void) => void): Promise<void> {
  return new Promise((done) => (provider.synced ? done() : subscribe(() => done())));
}

/**
 * Starts one of the compared servers with `roomCount` rooms: Steuerrad with its real login,
 * durable per-update storage and audit chain; the in-memory y-websocket@2 server; Hocuspocus
 * with its SQLite extension (on disk).
 */
export async function startBenchServer(kind: ServerKind, roomCount: number, options: { unloadAtOnce?: boolean } = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${kind}-`));
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === "steuerrad") {
    const rooms = await prepareScorecards(dataDir, roomCount);
    const env = { DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD, MAX_CONNECTIONS_PER_USER: "100000", LOG_LEVEL: "warn" };
    // Steuerrad keeps an abandoned room for 10 s by default; a cold load must find none.
    const server = await startServerProcess(options.unloadAtOnce ? { ...env, ROOM_UNLOAD_DELAY_MS: "0" } : env, { bundled: true });
    const cookie = await login(server.url, "sozialamt@demo.test");
    return {
      kind,
      pid: server.child.pid!,
      rooms,
      connect: (room) => connectClient(server.url, room, cookie),
      async stop() {
        await stopChild(server.child);
        cleanUp();
      },
    };
  }
  const port = await freePort();
  const rooms = Array.from({ length: roomCount }, (_, i) => `bench-${i}`);
  if (kind === "y-websocket") {
    const child = await startChild([join("node_modules", "y-websocket-v2", "bin", "server.cjs")], { PORT: String(port), HOST: "127.0.0.1" }, /running at/);
    return childServer(kind, child, rooms, cleanUp, (room) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, room, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        maxBackoffTime: 200,
      });
      return { doc, synced: syncedOf(provider, (listener) => provider.once("sync", listener)), destroy: () => (provider.destroy(), doc.destroy()) };
    });
  }
  const child = await startChild(["--import", "tsx", join("bench", "servers", "hocuspocus.ts")], { PORT: String(port), DB_FILE: join(dataDir, "hocuspocus.sqlite") }, /listening on/);
  return childServer(kind, child, rooms, cleanUp, (room) => {
    const doc = new Y.Doc();
    // One socket per client, as separate browsers would have.
    const websocketProvider = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${port}`, WebSocketPolyfill: WebSocket, maxDelay: 200 });
    const provider = new HocuspocusProvider({ websocketProvider, name: room, document: doc });
    provider.attach();
    return {
      doc,
      synced: syncedOf(provider, (listener) => provider.on("synced", listener)),
      destroy() {
        provider.destroy();
        websocketProvider.destroy();
        doc.destroy();
      },
    };
  });
}

/** A reference server running as a child process, stopped with SIGTERM. */
function childServer(kind: ServerKind, child: ChildProcess, rooms: string[], cleanUp: () => void, connect: (room: string) => BenchClient): BenchServer {
  return {
    kind,
    pid: child.pid!,
    rooms,
    connect,
    async stop() {
      await stopChild(child);
      cleanUp();
    },
  };
}
