/**
 * The demo's living year (SEED_DEMO=true, issue 18), read through the API as a newcomer's
 * browser would: agreements, five years of figures, a red last quarter, measures (some
 * overdue), two closed talks with minutes and the next one, open questions, topics and a
 * version history worth comparing. `users` gives the bare demo, `false` nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config";
import { demoTimeline } from "../../server/demo/demoTimeline";
import { login, startTestServer, type TestServer } from "../fixtures/testServer";

let server: TestServer;
let cookie: string;
const scorecards: Record<"conference" | "a" | "b", string> = { conference: "", a: "", b: "" };
const providers: Record<"a" | "b", string> = { a: "", b: "" };
const timeline = demoTimeline(Date.now());

async function get<T>(path: string, who = cookie): Promise<T> {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie: who } });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Measure {
  title: string;
  status: string;
  overdue: boolean;
  statusLines: unknown[];
  goal: string | null;
}
interface Version {
  id: number;
  kind: string;
  name: string;
  createdAt: string;
}
interface Talk {
  id: string;
  state: string;
  scorecard: { id: string };
  circulation: { code: string };
  versions: { circulation: number | null; minutes: number | null };
  agreements: unknown[];
}

beforeAll(async () => {
  server = await startTestServer({ seedLivingYear: true });
  cookie = await login(server.url, "sozialamt@demo.test");
  for (const s of await get<{ id: string; title: string; provider: string | null }[]>("/api/scorecards")) {
    if (s.provider === null) scorecards.conference = s.id;
    else if (s.title.includes("Beispiel")) scorecards.a = s.id;
    else scorecards.b = s.id;
  }
  for (const p of await get<{ id: string; name: string }[]>("/api/providers")) providers[p.name.includes("Beispiel") ? "a" : "b"] = p.id;
});

afterAll(async () => {
  await server?.stop();
});

describe("SEED_DEMO=true: a demo with a living year", () => {
  it("has agreements for last year and this year for provider A, and this year's from April for provider B", async () => {
    const a = await get<{ year: number; agreement: { startMonth?: string } }[]>(`/api/providers/${providers.a}/agreements`);
    expect(a.map((x) => x.year).sort()).toEqual([timeline.year - 1, timeline.year]);
    const b = await get<{ year: number; agreement: { startMonth?: string } }[]>(`/api/providers/${providers.b}/agreements`);
    expect(b.map((x) => [x.year, x.agreement.startMonth])).toEqual([[timeline.year, `${timeline.year}-04`]]);
  });

  it("has figures of five years up to last month, with a rising trend and the last closed quarter red", async () => {
    for (const provider of [providers.a, providers.b]) {
      for (let year = timeline.year - 4; year <= timeline.year; year++) {
        const figures = await get<{ rows: unknown[]; months: { month: string; reported: boolean }[] }>(`/api/providers/${provider}/figures?year=${year}`);
        const expected = timeline.months.filter((month) => month.startsWith(`${year}-`));
        expect(figures.months.filter((m) => m.reported).map((m) => m.month)).toEqual(expected);
      }
    }
    type Kpis = { result: { corridor: { occupancy: { colour: string; direction: string } }; trend: { years: unknown[]; slope: number } | null } };
    const red = await get<Kpis>(`/api/providers/${providers.a}/kpis?period=${timeline.redQuarter}`);
    expect(red.result.corridor.occupancy).toEqual({ colour: "red", direction: "below" });
    expect(red.result.trend!.years).toHaveLength(5);
    expect(red.result.trend!.slope).toBeGreaterThan(1);
  });

  it("fills the scorecards with measures: owners, status lines of past talks, some overdue", async () => {
    const { measures: a, kpiBlocks } = await get<{ measures: Measure[]; kpiBlocks: { kpi: string; period: string }[] }>(`/api/scorecards/${scorecards.a}/measures`);
    expect(kpiBlocks).toEqual(expect.arrayContaining([expect.objectContaining({ kpi: "occupancyDeviationPct", period: timeline.redQuarter })]));
    expect(a.length).toBeGreaterThanOrEqual(8);
    expect(a.filter((m) => m.overdue).length).toBeGreaterThanOrEqual(2);
    expect(a.filter((m) => m.statusLines.length >= 2).length).toBeGreaterThanOrEqual(3);
    expect(a.every((m) => m.goal !== null)).toBe(true);
    for (const id of [scorecards.b, scorecards.conference]) expect((await get<{ measures: Measure[] }>(`/api/scorecards/${id}/measures`)).measures.length).toBeGreaterThanOrEqual(3);
  });

  it("has two closed talks with minutes and the next talk with its circulation due", async () => {
    const talks = await get<{ upcoming: Talk[]; recent: Talk[] }>("/api/talks");
    const closed = talks.recent.filter((t) => t.state === "closed" && t.scorecard.id === scorecards.a);
    expect(closed).toHaveLength(2);
    for (const talk of closed) {
      expect(talk.versions.circulation).not.toBeNull();
      expect(talk.versions.minutes).not.toBeNull();
      expect(talk.agreements.length).toBeGreaterThanOrEqual(1);
    }
    const next = talks.upcoming.find((t) => t.scorecard.id === scorecards.a)!;
    expect(next.state).toBe("scheduled");
    expect(next.circulation.code).toBe("due");
    expect(talks.upcoming.some((t) => t.scorecard.id === scorecards.conference)).toBe(true);
    // Circulations and minutes went to the outbox on the days of the story, not today.
    const { mails } = await get<{ mails: { kind: string; sentAt: string | null; transport: string }[] }>("/api/talks/mails");
    expect(mails.map((m) => m.kind).sort()).toEqual(["circulation", "circulation", "minutes", "minutes"]);
    for (const mail of mails) {
      expect(mail.transport).toBe("outbox");
      expect(mail.sentAt! < timeline.secondTalk.date + "T23:59").toBe(true);
    }
  });

  it("has open questions, Themenspeicher topics (one planned into a talk) and versions worth comparing", async () => {
    const threads = (await get<{ threads: { resolved: boolean }[] }>(`/api/scorecards/${scorecards.a}/comments`)).threads;
    expect(threads.filter((t) => !t.resolved).length).toBeGreaterThanOrEqual(2);
    const topics = (await get<{ topics: { title: string; status: string }[] }>(`/api/scorecards/${scorecards.conference}/topics`)).topics;
    expect(topics.map((t) => t.title)).toEqual(expect.arrayContaining(["Was ist gesunde Konkurrenz?", "Versorgungsverpflichtung", "Risiko und Planungssicherheit", "Berichtsform und Umfang"]));
    expect(topics.some((t) => t.status === "planned")).toBe(true);

    const versions = (await get<{ versions: Version[] }>(`/api/scorecards/${scorecards.a}/versions`)).versions;
    const minutes = versions.filter((v) => v.kind === "minutes");
    expect(minutes).toHaveLength(2);
    expect(versions.length).toBeGreaterThanOrEqual(8);
    // Dated in the story: the minutes carry the days of their talks.
    expect(minutes.map((v) => v.createdAt.slice(0, 10)).sort()).toEqual([timeline.firstTalk.date, timeline.secondTalk.date]);
    const compare = await get<{ measures: unknown[]; people: { name: string }[] }>(`/api/scorecards/${scorecards.a}/compare?from=${minutes[1].id}&to=${minutes[0].id}`);
    expect(compare.measures.length).toBeGreaterThan(5);
    expect(compare.people.map((p) => p.name)).toEqual(expect.arrayContaining(["Sabine Sozialamt", "Anton Anbieter-A"]));
  });

  it("shows a provider only its own figures and talks", async () => {
    const provider = await login(server.url, "anbieter-b@demo.test");
    const talks = await get<{ upcoming: Talk[]; recent: Talk[] }>("/api/talks", provider);
    expect([...talks.upcoming, ...talks.recent].every((t) => t.scorecard.id !== scorecards.a)).toBe(true);
    expect((await fetch(`${server.url}/api/providers/${providers.a}/kpis?period=${timeline.redQuarter}`, { headers: { cookie: provider } })).status).toBe(404);
  });

  it("adds no second year when the server starts again on the same data", async () => {
    const before = await get<{ upcoming: Talk[]; recent: Talk[] }>("/api/talks");
    await server.close();
    server = await startTestServer({ dataDir: server.dataDir, seedLivingYear: true });
    cookie = await login(server.url, "sozialamt@demo.test");
    const after = await get<{ upcoming: Talk[]; recent: Talk[] }>("/api/talks");
    expect(after.upcoming.length + after.recent.length).toBe(before.upcoming.length + before.recent.length);
  });
});

describe("SEED_DEMO=users and SEED_DEMO=false", () => {
  it("reads SEED_DEMO as true (default), users or false", () => {
    expect(loadConfig({})).toMatchObject({ seedDemo: true, seedLivingYear: true });
    expect(loadConfig({ SEED_DEMO: "true" })).toMatchObject({ seedDemo: true, seedLivingYear: true });
    expect(loadConfig({ SEED_DEMO: "users" })).toMatchObject({ seedDemo: true, seedLivingYear: false });
    expect(loadConfig({ SEED_DEMO: "false" })).toMatchObject({ seedDemo: false, seedLivingYear: false });
  });

  it("gives the bare demo with users: users and empty scorecards, no figures, talks or versions", async () => {
    const bare = await startTestServer();
    try {
      const who = await login(bare.url, "sozialamt@demo.test");
      const read = async <T>(path: string) => (await (await fetch(`${bare.url}${path}`, { headers: { cookie: who } })).json()) as T;
      const list = await read<{ id: string }[]>("/api/scorecards");
      expect(list).toHaveLength(3);
      for (const s of list) {
        expect(await read<{ measures: unknown[]; kpiBlocks: unknown[] }>(`/api/scorecards/${s.id}/measures`)).toEqual({ measures: [], kpiBlocks: [] });
        expect((await read<{ versions: unknown[] }>(`/api/scorecards/${s.id}/versions`)).versions).toEqual([]);
      }
      expect(await read<{ upcoming: unknown[]; recent: unknown[] }>("/api/talks")).toEqual({ upcoming: [], recent: [] });
      for (const p of await read<{ id: string }[]>("/api/providers")) expect(await read<unknown[]>(`/api/providers/${p.id}/agreements`)).toEqual([]);
    } finally {
      await bare.stop();
    }
  });

  it("gives an empty install with false: no demo user can log in", async () => {
    const empty = await startTestServer({ seedDemo: false, seedLivingYear: false });
    try {
      await expect(login(empty.url, "sozialamt@demo.test")).rejects.toThrow(/401/);
    } finally {
      await empty.stop();
    }
  });
});
