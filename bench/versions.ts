/**
 * Benchmark of issue 6: a scorecard with 100,000 stored updates (five years of quarterly
 * talks by three people typing in bursts), opened cold, one version opened, two versions compared (one
 * quarter apart and five years apart), a measure's whole history, the integrity check
 * of the scorecard, and a year's audit report; with the server process's memory.
 *
 * Run directly: `npx tsx bench/versions.ts`.
 */
import { random } from "./random";
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as Y from "yjs";
import { closeDatabase, openDatabase, transaction, type Db } from "../server/persistence/db";
import { createDocUpdateStore } from "../server/persistence/docUpdates";
import { insertVersion } from "../server/persistence/versions";
import { seedDemo } from "../server/demo/seed";
import { listScorecards } from "../server/persistence/scorecards";
import { findUserByEmail } from "../server/persistence/users";
import { createMeasure, measuresMap, setMeasureField } from "../shared/document/measures";
import { login, TEST_PASSWORD } from "../tests/fixtures/testServer";
import { connectClient } from "../tests/fixtures/yClient";
import { startServerProcess } from "../tests/fixtures/serverProcess";

/** What the benchmark measured; times in ms, memory as the server's resident set in MB. */
export interface VersionsBenchResult {
  updates: number;
  versions: number;
  prepareMs: number;
  coldOpenMs: number;
  openVersionMs: number;
  compareQuarterMs: number;
  compareFiveYearsMs: number;
  measureHistoryMs: number;
  verifyMs: number;
  auditYearCsvMs: number;
  rssIdleMb: number;
  rssAfterOpenMb: number;
  rssPeakMb: number;
}

const TALKS = 20;
const STATUSES = ["planned", "in_progress", "done", "postponed"] as const;

function rssMb(pid: number): number {
  const pages = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[21]);
  return (pages * 4096) / 1024 / 1024;
}

/**
 * Writes five years of history: per quarter, people type into paragraphs one character
 * per update (as a browser does), delete now and then, add paragraphs and change
 * measures; a circulation and a minutes version per talk; a checkpoint every 500 updates,
 * like the server's unload does.
 */
async function prepare(dataDir: string, updates: number): Promise<{ scorecardId: string; versionIds: number[]; measureId: string; lastTime: number }> {
  const outer = await openDatabase(join(dataDir, "steuerrad.sqlite"));
  await seedDemo(outer, createDocUpdateStore(outer), TEST_PASSWORD);
  const scorecardId = (await listScorecards(outer)).find((s) => s.providerId !== null)!.id;
  const users: string[] = [];
  for (const email of ["sozialamt@demo.test", "anbieter-a@demo.test", "admin@demo.test"]) users.push((await findUserByEmail(outer, email))!.id);
  // One transaction for the whole history, as a bulk load would be.
  const result = await transaction(outer, (db) => writeHistory(db, scorecardId, users, updates));
  await closeDatabase(outer);
  return result;
}

async function writeHistory(db: Db, scorecardId: string, users: string[], updates: number): Promise<{ scorecardId: string; versionIds: number[]; measureId: string; lastTime: number }> {
  const store = createDocUpdateStore(db);
  const doc = new Y.Doc();
  const stored = await store.load(scorecardId);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const rnd = random(42);
  let user = users[0];
  let lastSeq = stored.lastSeq;
  let sinceCheckpoint = 0;
  const start = Date.parse("2021-01-04T09:00:00Z");
  let clock = start;
  const realNow = Date.now;
  Date.now = () => clock; // the store stamps updates with Date.now
  // Stored after each edit, in order, each stamped with the clock of its edit.
  const pending: { update: Uint8Array; user: string; at: number }[] = [];
  doc.on("update", (update: Uint8Array) => pending.push({ update, user, at: clock }));
  const flush = async () => {
    for (const entry of pending.splice(0)) {
      Date.now = () => entry.at;
      lastSeq = await store.append(scorecardId, entry.update, entry.user);
      if (++sinceCheckpoint >= 500) {
        await store.writeCheckpoint(scorecardId, lastSeq, Y.encodeStateAsUpdate(doc));
        sinceCheckpoint = 0;
      }
    }
    Date.now = () => clock;
  };
  const fragment = doc.getXmlFragment("default");
  const measureIds = Array.from({ length: 12 }, (_, i) => `m-bench-${i}`);
  doc.transact(() => {
    for (const id of measureIds) {
      createMeasure(doc, id, { title: `Maßnahme ${id}` });
      const node = new Y.XmlElement("measure");
      node.setAttribute("measureId", id);
      fragment.insert(fragment.length, [node]);
    }
  });
  await flush();
  const versionIds: number[] = [];
  const perTalk = Math.floor(updates / TALKS);
  const quarterMs = (5 * 365 * 24 * 60 * 60 * 1000) / TALKS;
  for (let talk = 0; talk < TALKS; talk++) {
    // People type in bursts: a run of letters at one place, one stored update per letter.
    for (let i = 0; i < perTalk;) {
      user = users[Math.floor(rnd() * users.length)];
      const roll = rnd();
      clock = start + talk * quarterMs + i * 1000;
      if (roll < 0.03) {
        setMeasureField(doc, measureIds[Math.floor(rnd() * measureIds.length)], "status", STATUSES[Math.floor(rnd() * STATUSES.length)]);
        await flush();
        i += 1;
        continue;
      }
      if (roll < 0.06) {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText("")]);
        fragment.insert(Math.floor(rnd() * fragment.length), [paragraph]);
        await flush();
        i += 1;
        continue;
      }
      const texts = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === "paragraph");
      const paragraph = texts[Math.floor(rnd() * texts.length)];
      let text = paragraph.get(0) as Y.XmlText | undefined;
      if (!(text instanceof Y.XmlText)) {
        text = new Y.XmlText();
        paragraph.insert(0, [text]);
      }
      const burst = Math.min(perTalk - i, 5 + Math.floor(rnd() * 36));
      let position = Math.floor(rnd() * (text.length + 1));
      const deleting = roll < 0.2 && text.length > burst;
      for (let k = 0; k < burst; k++, i++) {
        clock = start + talk * quarterMs + i * 1000;
        if (deleting && position > 0) {
          text.delete(position - 1, 1);
          position -= 1;
        } else {
          text.insert(position, "abcdefghijklmnopqrstuvwxyz äöü."[Math.floor(rnd() * 31)]);
          position += 1;
        }
      }
      await flush();
    }
    for (const [kind, name] of [
      ["circulation", `Vorabversand ${talk + 1}`],
      ["minutes", `Protokoll ${talk + 1}`],
    ] as const) {
      versionIds.push(
        (
          await insertVersion(db, {
            scorecardId,
            kind,
            name,
            createdBy: null,
            createdAt: clock,
            upToSeq: lastSeq,
            state: Y.encodeStateAsUpdate(doc),
            kpisJson: JSON.stringify({ scope: "provider", name: null, periods: {}, computedAt: new Date(clock).toISOString() }),
            authorsJson: JSON.stringify(users),
          })
        ).id,
      );
    }
  }
  Date.now = realNow;
  if (measuresMap(doc).size !== measureIds.length) throw new Error("bench history lost measures");
  return { scorecardId, versionIds, measureId: measureIds[0], lastTime: clock };
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

/** Runs the benchmark against a server child process. */
export async function runVersionsBench(updates = 100_000): Promise<VersionsBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "steuerrad-bench-versions-"));
  try {
    const [prepared, prepareMs] = await timed(() => prepare(dataDir, updates));
    const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD, ROOM_UNLOAD_DELAY_MS: "600000" }, { bundled: true });
    try {
      const pid = server.child.pid!;
      const cookie = await login(server.url, "sozialamt@demo.test");
      const get = async (path: string) => {
        const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
        return response.text();
      };
      const base = `/api/scorecards/${prepared.scorecardId}`;
      const rssIdleMb = rssMb(pid);
      let rssPeakMb = rssIdleMb;
      const peak = () => (rssPeakMb = Math.max(rssPeakMb, rssMb(pid)));

      const [client, coldOpenMs] = await timed(async () => {
        const c = connectClient(server.url, prepared.scorecardId, cookie);
        await c.synced;
        return c;
      });
      const rssAfterOpenMb = peak();
      const ids = prepared.versionIds;
      const [, openVersionMs] = await timed(() => get(`${base}/versions/${ids[ids.length - 3]}`));
      peak();
      const [, compareQuarterMs] = await timed(() => get(`${base}/compare?from=${ids[ids.length - 3]}&to=${ids[ids.length - 1]}`));
      peak();
      const [, compareFiveYearsMs] = await timed(() => get(`${base}/compare?from=${ids[0]}&to=${ids[ids.length - 1]}`));
      peak();
      const [, measureHistoryMs] = await timed(() => get(`${base}/measures/${prepared.measureId}/history`));
      peak();
      const [, verifyMs] = await timed(() => get(`${base}/audit/verify`));
      peak();
      const lastYear = new Date(prepared.lastTime).getUTCFullYear();
      const [, auditYearCsvMs] = await timed(() => get(`${base}/audit.csv?from=${lastYear}-01-01&to=${lastYear}-12-31`));
      peak();
      client.destroy();
      return {
        updates,
        versions: ids.length,
        prepareMs,
        coldOpenMs,
        openVersionMs,
        compareQuarterMs,
        compareFiveYearsMs,
        measureHistoryMs,
        verifyMs,
        auditYearCsvMs,
        rssIdleMb,
        rssAfterOpenMb,
        rssPeakMb,
      };
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await runVersionsBench(Number(process.argv[2] ?? 100_000)), null, 2));
  process.exit(0);
}
