import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../fixtures/testApp";
import { login, startTestServer, type TestServer } from "../fixtures/testServer";
import { closeCodeOf, rawConnect } from "../fixtures/yClient";
import { MessageType } from "../../shared/protocol/messages";

/**
 * Every API route × every role, generated from the Hono route table, against the rules of
 * /work/shared/domain.md and the README: no role gets a 2xx where the rule forbids it. A
 * route without a rule fails the test by name, so a new route cannot ship unreviewed.
 */

type Role = "anonymous" | "funderEditor" | "funderViewerAdmin" | "providerAEditor" | "providerAViewer" | "providerBEditor";
type Card = "A" | "B" | "conference";
type Provider = "A" | "B";

const ROLES: Role[] = ["anonymous", "funderEditor", "funderViewerAdmin", "providerAEditor", "providerAViewer", "providerBEditor"];
const EMAILS: Record<Exclude<Role, "anonymous">, string> = {
  funderEditor: "sozialamt@demo.test",
  funderViewerAdmin: "admin@demo.test",
  providerAEditor: "anbieter-a@demo.test",
  providerAViewer: "gast-a@demo.test",
  providerBEditor: "anbieter-b@demo.test",
};

const isFunder = (role: Role) => role === "funderEditor" || role === "funderViewerAdmin";
const isEditor = (role: Role) => role === "funderEditor" || role === "providerAEditor" || role === "providerBEditor";
const isAdmin = (role: Role) => role === "funderViewerAdmin";
const ownProvider = (role: Role): Provider | null => (role.startsWith("providerA") ? "A" : role === "providerBEditor" ? "B" : null);

/** domain.md: the funder reaches every scorecard, a provider its own and the conference's. */
function readsCard(role: Role, card: Card): boolean {
  if (role === "anonymous") return false;
  return isFunder(role) || card === "conference" || ownProvider(role) === card;
}
const editsCard = (role: Role, card: Card) => readsCard(role, card) && isEditor(role);
/** domain.md: "A provider sees its own figures and KPIs; the funder sees all providers; nobody else." */
function readsProvider(role: Role, provider: Provider): boolean {
  return role !== "anonymous" && (isFunder(role) || ownProvider(role) === provider);
}
const loggedIn = (role: Role) => role !== "anonymous";

/** What a route is called on: a scorecard, a provider, or nothing in particular. */
type Target = { kind: "none" } | { kind: "card"; card: Card } | { kind: "provider"; provider: Provider };

interface Rule {
  /** Which (role, target) pairs may get a 2xx. */
  allowed(role: Role, target: Target): boolean;
  /** The targets to try. */
  targets: Target[];
  /** A body valid for an allowed role, so a 400 cannot hide a missing permission check. */
  body?: (ids: Ids, target: Target) => unknown;
  /** Query string (without "?"). */
  query?: (ids: Ids, target: Target) => string;
  /** Changes state for an allowed role beyond this test (logout, password, deletes): only forbidden roles are called. */
  destructive?: boolean;
  /** Why a forbidden role may see 400 here: the body or query is validated before the permission is checked. */
  validatesFirst?: string;
}

interface Ids {
  cards: Record<Card, string>;
  providers: Record<Provider, string>;
  versionA: string;
  talkA: string;
  measureA: string;
  threadA: string;
  topicA: string;
  userGastA: string;
  funderUserId: string;
}

const NONE: Target[] = [{ kind: "none" }];
const CARDS: Target[] = (["A", "B", "conference"] as Card[]).map((card) => ({ kind: "card", card }));
const CARD_A: Target[] = [{ kind: "card", card: "A" }];
const PROVIDERS: Target[] = (["A", "B"] as Provider[]).map((provider) => ({ kind: "provider", provider }));
const card = (target: Target) => (target.kind === "card" ? target.card : "A");
const provider = (target: Target) => (target.kind === "provider" ? target.provider : "A");

const anyone = () => true;
const anyUser = (role: Role) => loggedIn(role);
const cardReader = (role: Role, target: Target) => readsCard(role, card(target));
const cardEditor = (role: Role, target: Target) => editsCard(role, card(target));
const adminOnly = (role: Role) => isAdmin(role);
const providerReader = (role: Role, target: Target) => readsProvider(role, provider(target));
const figuresWriter = (role: Role, target: Target) => readsProvider(role, provider(target)) && isEditor(role);
const funderEditorOf = (role: Role, target: Target) => readsProvider(role, provider(target)) && role === "funderEditor";
const reason = { reason: "Zugriffstest der Matrix" };

/** The expected access per route, from domain.md and the README's API table. */
const RULES: Record<string, Rule> = {
  "GET /api/health": { allowed: anyone, targets: NONE },
  // Readiness probe for a load balancer: says nothing about any scorecard.
  "GET /api/health/ready": { allowed: anyone, targets: NONE },
  // The API description and its page: public, the shape of the API is no secret (the client's script names every route).
  "GET /api/openapi.json": { allowed: anyone, targets: NONE },
  "GET /api/docs": { allowed: anyone, targets: NONE },
  "GET /api/docs/assets/:file": { allowed: anyone, targets: NONE },
  "POST /api/auth/login": { allowed: anyone, targets: NONE, destructive: true },
  // Logging out without a session ends nothing and grants nothing.
  "POST /api/auth/logout": { allowed: anyone, targets: NONE, destructive: true },
  "POST /api/auth/password": {
    allowed: anyUser,
    targets: NONE,
    destructive: true,
    body: () => ({ currentPassword: "x", newPassword: "neues-passwort-123" }),
  },
  "GET /api/me": { allowed: anyUser, targets: NONE },
  // The start-up probe: tells only the caller whether it is logged in.
  "GET /api/session": { allowed: anyone, targets: NONE },
  "GET /api/me/notifications": { allowed: anyUser, targets: NONE },
  "PATCH /api/me/notifications": { allowed: anyUser, targets: NONE, destructive: true, body: () => ({ questionMails: true }) },
  "GET /api/scorecards": { allowed: anyUser, targets: NONE },
  "GET /api/scorecards/providers": { allowed: anyUser, targets: NONE },
  "POST /api/scorecards": {
    allowed: (role) => role === "funderEditor" || isAdmin(role),
    targets: NONE,
    destructive: true,
    body: (ids) => ({ title: "Matrix", providerId: ids.providers.A, template: "empty" }),
  },
  "GET /api/scorecards/:id/measures": { allowed: cardReader, targets: CARDS },
  "GET /api/scorecards/:id/versions": { allowed: cardReader, targets: CARDS },
  "POST /api/scorecards/:id/versions": { allowed: cardEditor, targets: CARDS, destructive: true, body: () => ({ name: "Matrix" }) },
  "GET /api/scorecards/:id/versions/:versionId": { allowed: cardReader, targets: CARD_A },
  "POST /api/scorecards/:id/versions/:versionId/restore": { allowed: cardEditor, targets: CARD_A, destructive: true, body: () => reason },
  "GET /api/scorecards/:id/compare": { allowed: cardReader, targets: CARDS, query: () => "from=current&to=current" },
  "GET /api/scorecards/:id/measures/:measureId/history": { allowed: cardReader, targets: CARD_A },
  "GET /api/scorecards/:id/audit/verify": { allowed: cardReader, targets: CARDS },
  "GET /api/scorecards/:id/audit.csv": { allowed: cardReader, targets: CARDS, query: () => "from=2020-01-01&to=2030-12-31" },
  "DELETE /api/scorecards/:id": { allowed: (role, target) => isAdmin(role) && readsCard(role, card(target)), targets: CARDS, destructive: true, body: () => reason },
  "GET /api/scorecards/:id/export.docx": { allowed: cardReader, targets: CARDS },
  "GET /api/scorecards/:id/export.pdf": { allowed: cardReader, targets: CARDS },
  // Commenting needs only read access (README, comments): viewers comment too.
  "GET /api/scorecards/:id/comments": { allowed: cardReader, targets: CARDS },
  "POST /api/scorecards/:id/comments": {
    allowed: cardReader,
    targets: CARD_A,
    destructive: true,
    body: (ids) => ({ anchor: { kind: "measure", measureId: ids.measureA }, text: "Frage aus der Matrix" }),
  },
  "POST /api/scorecards/:id/comments/:threadId/replies": { allowed: cardReader, targets: CARD_A, destructive: true, body: () => ({ text: "Antwort" }) },
  "POST /api/scorecards/:id/comments/:threadId/resolve": { allowed: cardReader, targets: CARD_A, destructive: true, body: () => ({ resolved: false }) },
  // Themenspeicher: read with the scorecard, changed by its editors of either side.
  "GET /api/scorecards/:id/topics": { allowed: cardReader, targets: CARDS },
  "POST /api/scorecards/:id/topics": { allowed: cardEditor, targets: CARDS, destructive: true, body: () => ({ title: "Thema aus der Matrix" }) },
  "PATCH /api/scorecards/:id/topics/:topicId": { allowed: cardEditor, targets: CARD_A, destructive: true, body: () => ({ title: "Umbenannt", revision: 1 }) },
  "POST /api/scorecards/:id/topics/:topicId/plan": { allowed: cardEditor, targets: CARD_A, destructive: true, body: (ids) => ({ talkId: ids.talkA }) },
  "POST /api/scorecards/:id/topics/:topicId/unplan": { allowed: cardEditor, targets: CARD_A, destructive: true },
  "POST /api/scorecards/:id/topics/:topicId/status": { allowed: cardEditor, targets: CARD_A, destructive: true, body: () => ({ status: "dropped" }) },
  "POST /api/scorecards/:id/topics/:topicId/discussion": { allowed: cardEditor, targets: CARD_A, destructive: true, body: (ids) => ({ talkId: ids.talkA, text: "Besprochen" }) },
  "POST /api/scorecards/:id/topics/:topicId/promote": { allowed: cardEditor, targets: CARD_A, destructive: true, body: () => ({ kind: "measure" }) },
  // Search reads only the scorecards the user may open (tests/integration/search.test.ts checks the answers).
  "GET /api/search": { allowed: anyUser, targets: NONE, query: () => "q=Ziel" },
  // The measure overview across all providers is the funder's; the list's information covers the user's own scorecards.
  "GET /api/overview/measures": { allowed: (role) => isFunder(role), targets: NONE },
  "GET /api/overview/scorecards": { allowed: anyUser, targets: NONE },
  "GET /api/admin/users": { allowed: adminOnly, targets: NONE },
  "GET /api/admin/users/organisations": { allowed: adminOnly, targets: NONE },
  "POST /api/admin/users": {
    allowed: adminOnly,
    targets: NONE,
    destructive: true,
    body: (ids) => ({ email: "matrix@demo.test", name: "Matrix", password: "matrix-passwort-1", organisationId: ids.providers.A, role: "editor" }),
  },
  "PATCH /api/admin/users/:id": { allowed: adminOnly, targets: NONE, destructive: true, body: () => ({ role: "editor" }) },
  "DELETE /api/admin/users/:id": { allowed: adminOnly, targets: NONE, destructive: true },
  "GET /api/providers": { allowed: anyUser, targets: NONE },
  "GET /api/providers/:providerId/agreements": { allowed: providerReader, targets: PROVIDERS },
  "GET /api/providers/:providerId/agreements/:year/history": { allowed: providerReader, targets: PROVIDERS },
  // domain.md "The next agreement": both sides start from the draft; the funder alone saves it (PUT below).
  "GET /api/providers/:providerId/agreements/:year/next-draft": { allowed: providerReader, targets: PROVIDERS },
  // domain.md: agreements are negotiated by the funder; providers read them.
  "PUT /api/providers/:providerId/agreements/:year": {
    allowed: funderEditorOf,
    targets: PROVIDERS,
    destructive: true,
    body: () => ({ ...reason, agreementText: "{}", fileName: "a.json" }),
  },
  "GET /api/providers/:providerId/figures": { allowed: providerReader, targets: PROVIDERS, query: () => "year=2025" },
  "GET /api/providers/:providerId/figures/history": { allowed: providerReader, targets: PROVIDERS },
  "POST /api/providers/:providerId/figures/upload": {
    allowed: figuresWriter,
    targets: PROVIDERS,
    destructive: true,
    validatesFirst: "the multipart upload is parsed before the write right is checked; reading is checked first (404 for strangers)",
  },
  "PUT /api/providers/:providerId/figures/:month": { allowed: figuresWriter, targets: PROVIDERS, destructive: true, body: () => ({ rows: [], staffFte: null }) },
  "GET /api/providers/:providerId/locks": { allowed: providerReader, targets: PROVIDERS },
  "POST /api/providers/:providerId/locks": { allowed: funderEditorOf, targets: PROVIDERS, destructive: true, body: () => ({ quarter: "2020-Q1", ...reason }) },
  "DELETE /api/providers/:providerId/locks/:quarter": { allowed: funderEditorOf, targets: PROVIDERS, destructive: true, body: () => reason },
  "GET /api/providers/:providerId/kpis": { allowed: providerReader, targets: PROVIDERS },
  // Jahresabgleich: read like the figures; editors of the funder and of that provider decide (domain.md, "Year-end reconciliation").
  "GET /api/providers/:providerId/settlements": { allowed: providerReader, targets: PROVIDERS },
  "GET /api/providers/:providerId/settlements/reconcile": { allowed: providerReader, targets: PROVIDERS, query: () => "from=2025" },
  "POST /api/providers/:providerId/settlements": {
    allowed: figuresWriter,
    targets: PROVIDERS,
    destructive: true,
    body: () => ({ fromYear: 2025, toYear: 2025, repayCents: 0, offsetCents: 0, carryCents: 0, measures: [] }),
  },
  "PUT /api/providers/:providerId/settlements/:settlementId": {
    allowed: figuresWriter,
    targets: PROVIDERS,
    destructive: true,
    body: () => ({ repayCents: 0, offsetCents: 0, carryCents: 0, measures: [], revision: 1 }),
  },
  "POST /api/providers/:providerId/settlements/:settlementId/confirm": { allowed: figuresWriter, targets: PROVIDERS, destructive: true, body: () => ({ revision: 1 }) },
  "POST /api/providers/:providerId/settlements/:settlementId/correct": {
    allowed: figuresWriter,
    targets: PROVIDERS,
    destructive: true,
    body: () => ({ repayCents: 0, offsetCents: 0, carryCents: 0, measures: [], correctionReason: "Korrektur aus der Matrix" }),
  },
  // Talks are seen by whoever reads their scorecard and run by its editors; the test talk is on A.
  "GET /api/talks": { allowed: anyUser, targets: NONE },
  "POST /api/talks": {
    allowed: cardEditor,
    targets: CARDS,
    destructive: true,
    body: (ids, target) => ({ scorecardId: ids.cards[card(target)], startsAt: "2031-03-03T10:00", place: "Matrix", participants: [{ userId: ids.funderUserId }] }),
  },
  "GET /api/talks/mails": { allowed: cardReader, targets: CARD_A, query: (ids) => `talkId=${ids.talkA}` },
  "GET /api/talks/candidates": { allowed: cardReader, targets: CARDS, query: (ids, target) => `scorecardId=${ids.cards[card(target)]}` },
  "GET /api/talks/:id": { allowed: cardReader, targets: CARD_A },
  "PATCH /api/talks/:id": { allowed: cardEditor, targets: CARD_A, destructive: true, body: () => ({ place: "Anderswo" }) },
  "POST /api/talks/:id/cancel": { allowed: cardEditor, targets: CARD_A, destructive: true },
  "POST /api/talks/:id/circulate": { allowed: cardEditor, targets: CARD_A, destructive: true },
  "POST /api/talks/:id/start": { allowed: cardEditor, targets: CARD_A, destructive: true },
  "POST /api/talks/:id/approval": { allowed: cardEditor, targets: CARD_A, destructive: true, body: () => ({ decision: "approved" }) },
  "PUT /api/talks/:id/presence": { allowed: cardEditor, targets: CARD_A, destructive: true, body: () => ({ email: "sozialamt@demo.test", present: true }) },
  "PUT /api/talks/:id/agenda-item": { allowed: cardEditor, targets: CARD_A, destructive: true, body: () => ({ index: 1 }) },
  "POST /api/talks/:id/agreements": { allowed: cardEditor, targets: CARD_A, destructive: true, body: () => ({ text: "Vereinbart", owner: "beide" }) },
  "POST /api/talks/:id/agreements/:agreementId/measure": { allowed: cardEditor, targets: CARD_A, destructive: true },
  "POST /api/talks/:id/close": { allowed: cardEditor, targets: CARD_A, destructive: true },
};

let api: Awaited<ReturnType<typeof buildTestApp>>;
const cookies = {} as Record<Role, string | undefined>;
let ids: Ids;

function fillPath(path: string, target: Target): string {
  const isTalk = path.startsWith("/api/talks/");
  const isUser = path.startsWith("/api/admin/users/");
  return path
    .replace(":providerId", ids.providers[provider(target)])
    .replace(":versionId", ids.versionA)
    .replace(":measureId", ids.measureA)
    .replace(":threadId", ids.threadA)
    .replace(":topicId", ids.topicA)
    .replace(":agreementId", "no-such-agreement")
    .replace(":settlementId", "no-such-settlement")
    .replace(":year", "2025")
    .replace(":month", "2025-01")
    .replace(":quarter", "2020-Q1")
    .replace(":id", isTalk ? ids.talkA : isUser ? ids.userGastA : ids.cards[card(target)]);
}

async function call(role: Role, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const cookie = cookies[role];
  return api.request(path, { method, headers: { ...(cookie ? { cookie } : {}), ...headers }, ...(body !== undefined ? { json: body } : {}) });
}

function apiRoutes(): string[] {
  const keys = new Set<string>();
  for (const route of api.app.routes) {
    if (route.method === "ALL" || !route.path.startsWith("/api/")) continue;
    keys.add(`${route.method} ${route.path}`);
  }
  return Array.from(keys);
}

beforeAll(async () => {
  api = await buildTestApp();
  for (const role of ROLES) cookies[role] = role === "anonymous" ? undefined : await api.loginAs(EMAILS[role]);
  const funder = cookies.funderEditor!;
  const scorecards = (await (await api.request("/api/scorecards", { headers: { cookie: funder } })).json()) as { id: string; provider: string | null }[];
  const providers = (await (await api.request("/api/providers", { headers: { cookie: funder } })).json()) as { id: string; name: string }[];
  const providerA = providers.find((p) => p.name.startsWith("Beispiel"))!;
  const providerB = providers.find((p) => p.name.startsWith("Weser"))!;
  const cards = {
    A: scorecards.find((s) => s.provider === providerA.name)!.id,
    B: scorecards.find((s) => s.provider === providerB.name)!.id,
    conference: scorecards.find((s) => s.provider === null)!.id,
  };
  const version = (await (await api.request(`/api/scorecards/${cards.A}/versions`, { method: "POST", headers: { cookie: funder }, json: { name: "Matrix" } })).json()) as { id: string | number };
  const me = (await (await api.request("/api/me", { headers: { cookie: funder } })).json()) as { id: string };
  const gast = (await (await api.request("/api/me", { headers: { cookie: cookies.providerAViewer! } })).json()) as { id: string };
  const talkResponse = await api.request("/api/talks", {
    method: "POST",
    headers: { cookie: funder },
    json: { scorecardId: cards.A, startsAt: "2031-03-03T10:00", place: "Haus A", participants: [{ userId: me.id }] },
  });
  expect(talkResponse.status).toBe(201);
  const talk = (await talkResponse.json()) as { id: string };
  const measures = (await (await api.request(`/api/scorecards/${cards.A}/measures`, { headers: { cookie: funder } })).json()) as unknown;
  const measureA = findMeasureId(measures) ?? "no-such-measure";
  let threadA = "no-such-thread";
  if (measureA !== "no-such-measure") {
    const thread = await api.request(`/api/scorecards/${cards.A}/comments`, { method: "POST", headers: { cookie: funder }, json: { anchor: { kind: "measure", measureId: measureA }, text: "Frage" } });
    const created = (await thread.json()) as { id?: string; thread?: { id: string } };
    threadA = created.id ?? created.thread?.id ?? threadA;
  }
  const topic = await api.request(`/api/scorecards/${cards.A}/topics`, { method: "POST", headers: { cookie: funder }, json: { title: "Thema A" } });
  expect(topic.status).toBe(201);
  const topicA = ((await topic.json()) as { id: string }).id;
  ids = { cards, providers: { A: providerA.id, B: providerB.id }, versionA: String(version.id), talkA: talk.id, measureA, threadA, topicA, userGastA: gast.id, funderUserId: me.id };
});

function findMeasureId(value: unknown): string | null {
  const list = Array.isArray(value) ? value : ((value as { measures?: unknown[] })?.measures ?? []);
  const first = list[0] as { measureId?: string; id?: string } | undefined;
  return first?.measureId ?? first?.id ?? null;
}

describe("access matrix over every API route", () => {
  it("has a rule for every registered API route", () => {
    const missing = apiRoutes().filter((key) => !RULES[key]);
    expect(missing, `routes without an access rule: ${missing.join(", ")}`).toEqual([]);
    const stale = Object.keys(RULES).filter((key) => !apiRoutes().includes(key));
    expect(stale, `rules for routes that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  it("gives no role a 2xx that domain.md forbids, and no 401/403 on reads it allows", async () => {
    const violations: string[] = [];
    for (const key of apiRoutes()) {
      const rule = RULES[key];
      if (!rule) continue;
      const [method, path] = key.split(" ");
      for (const target of rule.targets) {
        for (const role of ROLES) {
          const allowed = rule.allowed(role, target);
          if (allowed && (rule.destructive || method !== "GET")) continue;
          const query = rule.query ? `?${rule.query(ids, target)}` : "";
          const body = rule.body?.(ids, target) ?? (["POST", "PUT", "PATCH", "DELETE"].includes(method) ? {} : undefined);
          const response = await call(role, method, fillPath(path, target) + query, body);
          const where = `${key} [${target.kind === "card" ? target.card : target.kind === "provider" ? `provider ${target.provider}` : "-"}] as ${role}: ${response.status}`;
          if (allowed) {
            if (response.status === 401 || response.status === 403) violations.push(`${where} (allowed, but refused)`);
            continue;
          }
          const refused = [401, 403, 404].includes(response.status) || (response.status === 400 && rule.validatesFirst !== undefined);
          if (!refused) violations.push(`${where} (forbidden)`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("lists to provider B neither provider A's scorecard nor provider A", async () => {
    const scorecards = (await (await call("providerBEditor", "GET", "/api/scorecards")).json()) as { id: string }[];
    expect(scorecards.map((s) => s.id)).not.toContain(ids.cards.A);
    const providers = (await (await call("providerBEditor", "GET", "/api/providers")).json()) as { id: string }[];
    expect(providers.map((p) => p.id)).not.toContain(ids.providers.A);
    const talks = JSON.stringify(await (await call("providerBEditor", "GET", "/api/talks")).json());
    expect(talks).not.toContain(ids.talkA);
  });
});

describe("sessions and cookies", () => {
  it("issues a new session token at login, whatever session cookie the browser sent (session fixation)", async () => {
    const planted = "steuerrad_session=planted-by-attacker";
    const first = await api.request("/api/auth/login", {
      method: "POST",
      headers: { cookie: planted },
      json: { email: EMAILS.providerAEditor, password: (await import("../fixtures/testServer")).TEST_PASSWORD },
    });
    expect(first.status).toBe(200);
    const issued = first.headers.get("set-cookie")!.split(";")[0];
    expect(issued).not.toBe(planted);
    const again = await api.request("/api/auth/login", {
      method: "POST",
      headers: { cookie: issued },
      json: { email: EMAILS.providerAEditor, password: (await import("../fixtures/testServer")).TEST_PASSWORD },
    });
    expect(again.headers.get("set-cookie")!.split(";")[0]).not.toBe(issued);
  });

  it("never accepts a made-up session cookie", async () => {
    for (const value of ["planted-by-attacker", "", "a".repeat(64), "../../etc/passwd", "%00"]) {
      const response = await api.request("/api/me", { headers: { cookie: `steuerrad_session=${value}` } });
      expect(response.status, value).toBe(401);
    }
  });

  it("sets HttpOnly and SameSite=Lax always, and Secure behind HTTPS", async () => {
    const { TEST_PASSWORD } = await import("../fixtures/testServer");
    const plain = await api.request("/api/auth/login", { method: "POST", json: { email: EMAILS.providerAViewer, password: TEST_PASSWORD } });
    const plainCookie = plain.headers.get("set-cookie")!;
    expect(plainCookie).toMatch(/HttpOnly/i);
    expect(plainCookie).toMatch(/SameSite=Lax/i);
    const proxied = await api.request("/api/auth/login", { method: "POST", headers: { "x-forwarded-proto": "https" }, json: { email: EMAILS.providerAViewer, password: TEST_PASSWORD } });
    const secureCookie = proxied.headers.get("set-cookie")!;
    expect(secureCookie).toMatch(/;\s*Secure/i);
    expect(secureCookie).toMatch(/HttpOnly/i);
    expect(secureCookie).toMatch(/SameSite=Lax/i);
  });

  it("refuses state-changing requests from a foreign Origin with 403 (CSRF)", async () => {
    const foreign = { origin: "https://evil.example" };
    const attempts: [Role, string, string, unknown][] = [
      ["funderEditor", "POST", `/api/scorecards/${ids.cards.A}/versions`, { name: "CSRF" }],
      ["funderEditor", "POST", "/api/scorecards", { title: "CSRF", providerId: null, template: "empty" }],
      ["funderViewerAdmin", "PATCH", `/api/admin/users/${ids.userGastA}`, { role: "editor" }],
      ["providerAEditor", "PUT", `/api/providers/${ids.providers.A}/figures/2025-01`, { rows: [], staffFte: null }],
      ["providerAViewer", "POST", `/api/scorecards/${ids.cards.A}/comments`, { anchor: { kind: "measure", measureId: ids.measureA }, text: "CSRF" }],
      ["providerAEditor", "POST", "/api/auth/logout", undefined],
    ];
    for (const [role, method, path, body] of attempts) {
      const response = await call(role, method, path, body, foreign);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    const login = await api.request("/api/auth/login", { method: "POST", headers: foreign, json: { email: EMAILS.funderEditor, password: "x" } });
    expect(login.status).toBe(403);
  });
});

describe("collaboration access per role and scorecard", () => {
  let server: TestServer;
  const serverCookies = {} as Record<Role, string | undefined>;
  let cards: Record<Card, string>;

  beforeAll(async () => {
    server = await startTestServer({ secureCookie: true });
    for (const role of ROLES) serverCookies[role] = role === "anonymous" ? undefined : await login(server.url, EMAILS[role]);
    const list = (await (await fetch(`${server.url}/api/scorecards`, { headers: { cookie: serverCookies.funderEditor! } })).json()) as { id: string; provider: string | null }[];
    cards = {
      A: list.find((s) => s.provider?.startsWith("Beispiel"))!.id,
      B: list.find((s) => s.provider?.startsWith("Weser"))!.id,
      conference: list.find((s) => s.provider === null)!.id,
    };
  });

  afterAll(async () => {
    await server.stop();
  });

  it("sets Secure on the cookie even over plain HTTP when COOKIE_SECURE is on", async () => {
    const { TEST_PASSWORD } = await import("../fixtures/testServer");
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: EMAILS.providerBEditor, password: TEST_PASSWORD }),
    });
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("accepts exactly the roles domain.md allows, with edit or read access as their role says", async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const role of ROLES) {
      for (const which of ["A", "B", "conference"] as Card[]) {
        const cookie = serverCookies[role];
        const url = `${server.url.replace("http", "ws")}/collab/${cards[which]}`;
        const result = await rawConnect(url, cookie ? { cookie } : {});
        let outcome: string;
        if (result.status !== undefined) outcome = String(result.status);
        else {
          outcome = await probeAccess(result.socket!);
          const closed = closeCodeOf(result.socket!);
          result.socket!.close();
          await closed;
        }
        seen.push(`${role} ${which}: ${outcome}`);
        expected.push(`${role} ${which}: ${role === "anonymous" ? "401" : !readsCard(role, which) ? "403" : editsCard(role, which) ? "edit" : "read"}`);
      }
    }
    expect(seen).toEqual(expected);
  });

  it("refuses the upgrade from a foreign Origin with 403", async () => {
    const result = await rawConnect(`${server.url.replace("http", "ws")}/collab/${cards.conference}`, { cookie: serverCookies.funderEditor!, origin: "https://evil.example" });
    expect(result.status).toBe(403);
  });

  it("never accepts a made-up session cookie for the upgrade", async () => {
    const result = await rawConnect(`${server.url.replace("http", "ws")}/collab/${cards.conference}`, { cookie: "steuerrad_session=planted-by-attacker" });
    expect(result.status).toBe(401);
  });
});

/**
 * Whether the server treats a connection as editing: it confirms a save query only for
 * editing connections ([SYNC3]); the awareness answer to a later query marks the end.
 */
function probeAccess(socket: import("ws").default): Promise<string> {
  return new Promise((resolve) => {
    let saved = false;
    socket.on("message", function handle(data: ArrayBuffer) {
      const type = new Uint8Array(data)[0];
      if (type === MessageType.saved) saved = true;
      if (type === MessageType.awareness) {
        socket.off("message", handle);
        resolve(saved ? "edit" : "read");
      }
    });
    socket.send(new Uint8Array([MessageType.saveQuery, 1]));
    socket.send(new Uint8Array([MessageType.queryAwareness]));
  });
}
