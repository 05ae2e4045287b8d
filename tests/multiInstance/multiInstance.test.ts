import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DATABASE_KINDS } from "../fixtures/databases";
import { startServerInstances, type ServerInstances } from "../fixtures/serverInstances";
import { login, scorecardsOf } from "../fixtures/testServer";
import { connectClient, rawConnect, type TestClient } from "../fixtures/yClient";
import * as decoding from "lib0/decoding";
import type { TalkChange } from "../../shared/domain/talkMeeting";
import { DOCUMENT_SCHEMA_VERSION } from "../../shared/document/schema";
import { MessageType } from "../../shared/protocol/messages";
import { decodeTalkChanged } from "../../shared/protocol/talkChanged";
import { connectCrashClient, pollUntil, retarget, sameState, startTyping, type CrashClient, type Typist } from "../fixtures/crashClients";
import { random } from "../../bench/random";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { closeDatabase, type Db } from "../../server/persistence/db";

/**
 * Several server processes serve the same scorecards through Redis (server/sync/SPEC.md
 * [SYNC16]–[SYNC23]): three processes on one database, clients spread over them.
 */

// Every y-websocket provider adds an exit listener to the process.
process.setMaxListeners(100);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The stored document of a scorecard, rebuilt from the database alone. */
async function storedDoc(db: Db, scorecardId: string): Promise<Y.Doc> {
  const { checkpoint, updates } = await createDocUpdateStore(db).load(scorecardId);
  const doc = new Y.Doc();
  if (checkpoint) Y.applyUpdate(doc, checkpoint);
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** A date a few days ahead in Europe/Berlin, `YYYY-MM-DD`, so a talk's circulation is due at once. */
function berlinDateInDays(days: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date(Date.now() + days * 24 * 60 * 60 * 1000));
}

describe.each(DATABASE_KINDS)("several server processes on %s", (kind) => {
  let servers: ServerInstances;
  let db: Db;
  let funder: string;
  let provider: string;
  /** The conference scorecard, which both the funder and provider A edit. */
  let conferenceId: string;
  const clients: TestClient[] = [];
  const context = () => `server log:\n${servers.log.join("").slice(-4000)}`;

  beforeAll(async () => {
    servers = await startServerInstances(kind, 3, { JOB_POLL_MS: "300", ROOM_UNLOAD_DELAY_MS: "500" });
    db = await servers.openDatabase();
    funder = await login(servers.instances[0].url, "sozialamt@demo.test");
    provider = await login(servers.instances[1].url, "anbieter-a@demo.test");
    conferenceId = (await scorecardsOf(servers.instances[0].url, funder)).find((card) => card.provider === null)!.id;
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    if (db) await closeDatabase(db);
    await servers?.stop();
  }, 60_000);

  it("reports the engine and Redis in /api/health of every process", async () => {
    for (const instance of servers.instances) {
      expect(await (await fetch(`${instance.url}/api/health`)).json()).toMatchObject({
        status: "ok",
        engine: kind === "postgres" ? "postgresql" : "sqlite",
        collaboration: { redis: "ok" },
      });
    }
  });

  it("[SYNC17] clients on different processes converge, and every update is stored exactly once", async () => {
    const [a, b, c] = servers.instances;
    const editors = [connectClient(a.url, conferenceId, funder), connectClient(b.url, conferenceId, provider), connectClient(c.url, conferenceId, funder)];
    clients.push(...editors);
    await Promise.all(editors.map((editor) => editor.synced));
    const store = createDocUpdateStore(db);
    const storedBefore = await store.count(conferenceId);

    const EDITS = 20;
    await Promise.all(
      editors.map(async (editor, index) => {
        const rng = random(index + 1);
        for (let i = 0; i < EDITS; i++) {
          editor.doc.getArray<string>("multiEdits").insert(0, [`e${index}:${i}`]);
          await sleep(5 + rng() * 30);
        }
      }),
    );
    await pollUntil(() => (editors.every((editor) => editor.doc.getArray("multiEdits").length === EDITS * 3 && sameState(editor.doc, editors[0].doc)) ? null : "editors differ"), 15_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}; ${context()}`);
      },
    );
    await pollUntil(async () => {
      const stored = await store.count(conferenceId);
      return stored >= storedBefore + EDITS * 3 ? null : `${stored - storedBefore} stored`;
    }, 10_000);
    await sleep(500); // a second copy of some update would show up now
    expect(await store.count(conferenceId), "each edit is one update, stored once").toBe(storedBefore + EDITS * 3);
    const stored = await storedDoc(db, conferenceId);
    expect(sameState(stored, editors[0].doc), "storage holds exactly what the editors have").toBe(true);
    expect(new Set(stored.getArray<string>("multiEdits").toArray()).size).toBe(EDITS * 3);
  });

  it("[SYNC19] presence of a client on one process appears on a client of another, and disappears when it leaves", async () => {
    const [a, b] = servers.instances;
    const watcher = connectClient(b.url, conferenceId, provider);
    clients.push(watcher);
    await watcher.synced;
    const present = connectClient(a.url, conferenceId, funder);
    await present.synced;
    present.provider.awareness.setLocalStateField("user", { name: "Sabine Sozialamt", colour: "#1a7f37" });
    const names = () => Array.from(watcher.provider.awareness.getStates().values()).map((state) => (state as { user?: { name?: string } }).user?.name);
    await pollUntil(() => (names().includes("Sabine Sozialamt") ? null : `watcher sees ${JSON.stringify(names())}`), 10_000);
    // The caret's client id is the one of the other process's client.
    expect(watcher.provider.awareness.getStates().get(present.doc.clientID)).toMatchObject({ user: { name: "Sabine Sozialamt" } });

    present.destroy();
    await pollUntil(() => (names().includes("Sabine Sozialamt") ? `still present: ${JSON.stringify(names())}` : null), 10_000);
  });

  it("[SYNC25] a meeting action on one process reaches the talk's scorecard open on another at once", async () => {
    const [a, b] = servers.instances;
    const { socket } = await rawConnect(`${b.url.replace("http", "ws")}/collab/${conferenceId}?schema=${DOCUMENT_SCHEMA_VERSION}`, { cookie: provider });
    const changes: TalkChange[] = [];
    socket!.on("message", (data: ArrayBuffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) === MessageType.talkChanged) changes.push(decodeTalkChanged(decoder)!);
    });
    const me = (await (await fetch(`${a.url}/api/me`, { headers: { cookie: funder } })).json()) as { id: string };
    const planned = await fetch(`${a.url}/api/talks`, {
      method: "POST",
      headers: { cookie: funder, "content-type": "application/json" },
      body: JSON.stringify({ scorecardId: conferenceId, startsAt: `${berlinDateInDays(40)}T10:00`, place: "Rathaus", participants: [{ userId: me.id }] }),
    });
    const { id } = (await planned.json()) as { id: string };
    const started = (await (await fetch(`${a.url}/api/talks/${id}/start`, { method: "POST", headers: { cookie: funder } })).json()) as { revision: number };
    await pollUntil(() => (changes.some((change) => change.talkId === id && change.revision >= started.revision) ? null : `changes ${JSON.stringify(changes)}`), 2_000);
    socket!.close();
  });

  it("[SYNC23] a logout on one process closes the session's connection on another at once", async () => {
    const [a, b] = servers.instances;
    const cookie = await login(a.url, "anbieter-a@demo.test");
    const client = connectCrashClient(b.url, conferenceId, cookie, "logout");
    clients.push(client);
    await client.synced;
    const response = await fetch(`${a.url}/api/auth/logout`, { method: "POST", headers: { cookie } });
    expect(response.status).toBe(200);
    // Well before the once-a-minute session check of the other process.
    await pollUntil(() => (client.closeCodes.includes(4401) ? null : `close codes ${JSON.stringify(client.closeCodes)}`), 5_000);
  });

  it("[SYNC21] takes the end-of-session version once, when the last editor left on every process", async () => {
    const [a, b] = servers.instances;
    const cardId = (await scorecardsOf(a.url, provider)).find((card) => card.provider !== null && card.access === "edit")!.id;
    const sessionEnds = async () =>
      Number(
        (
          await db
            .selectFrom("versions")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("scorecard_id", "=", cardId)
            .where("name", "=", "Automatisch (Ende der Bearbeitung)")
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await sessionEnds();
    const first = connectClient(a.url, cardId, funder);
    const second = connectClient(b.url, cardId, provider);
    await Promise.all([first.synced, second.synced]);
    first.doc.getText("sessionEnd").insert(0, "von A");
    second.doc.getText("sessionEnd").insert(0, "von B");
    await pollUntil(() => (first.doc.getText("sessionEnd").length === 10 && second.doc.getText("sessionEnd").length === 10 ? null : "not converged"), 5_000);

    // One editor leaves; the other still edits on the other process: the session goes on.
    first.destroy();
    await sleep(2000); // past ROOM_UNLOAD_DELAY_MS: the first process unloaded its room
    expect(await sessionEnds()).toBe(before);
    second.doc.getText("sessionEnd").insert(0, "!");
    second.destroy();
    await pollUntil(async () => ((await sessionEnds()) > before ? null : "no end-of-session version"), 10_000);
    await sleep(1000);
    expect(await sessionEnds()).toBe(before + 1);
    const newest = await db.selectFrom("versions").select("up_to_seq as seq").where("scorecard_id", "=", cardId).orderBy("number", "desc").limit(1).executeTakeFirstOrThrow();
    expect(newest.seq).toBe((await createDocUpdateStore(db).head(cardId))!.seq);
  });

  it("a due circulation is sent once with several processes polling for it", async () => {
    const response = await fetch(`${servers.instances[0].url}/api/talks`, {
      method: "POST",
      headers: { cookie: funder, "content-type": "application/json" },
      body: JSON.stringify({
        scorecardId: conferenceId,
        startsAt: `${berlinDateInDays(3)}T10:00`,
        place: "Rathaus, Raum 101",
        participants: [{ email: "gustav.gast@extern.test", name: "Gustav Gast", side: "other" }],
      }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const talkId = ((await response.json()) as { id: string }).id;
    const mails = async () => ({
      n: Number(
        (
          await db
            .selectFrom("mails")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("talk_id", "=", talkId)
            .where("kind", "=", "circulation")
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    await pollUntil(async () => ((await mails()).n > 0 ? null : "no circulation yet"), 20_000).catch((error: Error) => {
      throw new Error(`${error.message}; ${context()}`);
    });
    await sleep(1500); // every process polled several times since
    expect((await mails()).n).toBe(1);
    const versions = await db
      .selectFrom("versions")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("scorecard_id", "=", conferenceId)
      .where("kind", "=", "circulation")
      .executeTakeFirstOrThrow();
    expect(Number(versions.n)).toBe(1);
    const job = await db.selectFrom("jobs").select(["state", "attempts"]).where("subject_id", "=", talkId).executeTakeFirst();
    expect(job).toEqual({ state: "done", attempts: 1 });
  });

  it("[SYNC17] after one process is killed with SIGKILL, everything any client saw is stored, and its clients converge on a survivor", async () => {
    const [a, b, c] = servers.instances;
    const cookies = [funder, provider];
    const typists: CrashClient[] = [];
    const typing: Typist[] = [];
    [a, b, c].forEach((instance, i) => {
      for (let j = 0; j < 2; j++) typists.push(connectCrashClient(instance.url, conferenceId, cookies[j], `p${i}c${j}`));
    });
    clients.push(...typists);
    await pollUntil(() => (typists.every((client) => client.provider.synced) ? null : "not synced"), 20_000);
    typists.forEach((client, index) => typing.push(startTyping(client, random(100 + index), 20, 80)));
    await sleep(1500);

    await servers.kill(2);
    const onKilled = typists.slice(4);
    const survivors = typists.slice(0, 4);
    await pollUntil(() => (onKilled.some((client) => client.provider.wsconnected) ? "still connected" : null), 10_000);
    // Whatever anyone received from a server was stored before it was relayed, on any process.
    const storedEntries = new Set((await storedDoc(db, conferenceId)).getArray<string>("crashEdits").toArray());
    for (const client of typists) {
      const missing = [...client.seen].filter((entry) => !storedEntries.has(entry));
      expect(missing, `${client.name} saw entries that are not stored; ${context()}`).toEqual([]);
    }

    // The killed process's clients come back through a survivor and resend what was lost with it.
    for (const client of onKilled) retarget(client, a.url);
    await sleep(1000);
    for (const typist of typing) typist.stop();
    const probe = connectCrashClient(b.url, conferenceId, funder, "probe");
    clients.push(probe);
    await pollUntil(() => {
      if (!probe.provider.synced) return "probe not synced";
      const differing = typists.find((client) => !sameState(client.doc, probe.doc));
      return differing ? `${differing.name} differs from a fresh client` : null;
    }, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; ${context()}`);
    });
    const entries = probe.entries();
    expect(new Set(entries).size, "an entry appears twice").toBe(entries.length);
    const typed = typing.flatMap((typist) => typist.typed);
    expect(
      typed.filter((entry) => !entries.includes(entry)),
      "typed entries lost",
    ).toEqual([]);
    for (const client of [...survivors, ...onKilled]) expect(client.closeCodes, `${client.name} was closed by the server`).toEqual([]);
    // And storage agrees with everyone.
    await pollUntil(async () => (sameState(await storedDoc(db, conferenceId), probe.doc) ? null : "storage lags behind the clients"), 10_000);
  }, 90_000);
});
