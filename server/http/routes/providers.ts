import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, FIGURES_UPLOAD_BODY, json, Tag } from "../openapi/describe";
import { ProviderSummarySchema } from "../openapi/schemas";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { AgreementSaveSchema, LockSchema, MonthEntrySchema, ReasonSchema, ReopenSchema, type FiguresOfYear, type MonthStatus, type NextAgreementDraftAnswer } from "../../../shared/domain/figures";
import type { ProviderSummary } from "../../../shared/domain/scorecard";
import { locateJsonPath, monthKey, parseBudgetAgreement, parseBudgetAgreementText, parseFiguresCsv, parseMonthKey, parseStaffCsv, type BudgetAgreement, type KpiIssue } from "../../../shared/kpi";
import { draftNextAgreement, NEXT_AGREEMENT_WINDOW_YEARS } from "../../../shared/kpi/nextAgreement";
import type { AppDeps } from "../../appDeps";
import { controllingRights, type ControllingRights } from "../../auth/controllingPermissions";
import { InputIssuesError, parseMonthEntryRows, recordFigures } from "../../controlling/figuresRecorder";
import { computeProviderKpis } from "../../controlling/kpiService";
import { uploadToCsv } from "../../controlling/spreadsheet";
import { AppError, badRequest, forbidden, notFound } from "../../errors";
import { insertAgreementVersion, listAgreementHistory, listCurrentAgreements } from "../../persistence/agreements";
import { listFigureRows, listStaffRows, listSubmissions } from "../../persistence/figures";
import { listLocks, lockQuarter, quarterOfMonth, reopenQuarter } from "../../persistence/locks";
import { transaction } from "../../persistence/db";
import { findOrganisation, listProviders } from "../../persistence/organisations";
import type { UserRecord } from "../../persistence/users";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

/** `?period=` of the KPI route; whether it is a period the engine knows is the engine's to say (in German). */
const KpiPeriodQuerySchema = z.object({
  period: z
    .string({ error: "Bitte einen Zeitraum angeben, z. B. 2025-Q2, 2025-05, 2025-YTD-08 oder 2025." })
    .min(1, "Bitte einen Zeitraum angeben, z. B. 2025-Q2, 2025-05, 2025-YTD-08 oder 2025.")
    .describe("Zeitraum, z. B. 2025-Q2, 2025-05, 2025-YTD-08 oder 2025."),
});

/** Largest accepted figures or staff file (5 MB). */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

function tooLarge(): AppError {
  return new AppError(413, "too_large", `file: Datei größer als ${UPLOAD_MAX_BYTES / 1024 / 1024} MB; bitte in mehrere Dateien (z. B. je Quartal) aufteilen.`);
}

/**
 * Body limit of the upload route: the file limit plus room for the multipart framing and the
 * other form fields. Mounted in `createApp` before the general 1 MB limit, which skips this path.
 */
export function uploadBodyLimit() {
  return bodyLimit({
    maxSize: UPLOAD_MAX_BYTES + 64 * 1024,
    onError: () => {
      throw tooLarge();
    },
  });
}

const YearQuerySchema = z.object({ year: z.string().regex(/^\d{4}$/, "muss eine Jahreszahl JJJJ sein") });

function yearParam(text: string): number {
  if (!/^\d{4}$/.test(text)) throw badRequest(`year: „${text}“ ist keine Jahreszahl (JJJJ).`);
  return Number(text);
}

/** Keeps the last path segment of an uploaded file's name, since browsers on Windows may send a path. */
function cleanFileName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? "";
  return base === "" ? fallback : base.slice(0, 200);
}

/** Offers with stored figures of the agreement's year that the new agreement lacks: those rows would lose their fees. */
function orphanedOffers(rows: { month: string; serviceOffer: string }[], agreement: BudgetAgreement, file: string): KpiIssue[] {
  const offers = new Set(agreement.offers.map((offer) => offer.name));
  // Months before the budget start are outside the budget and need no fees ([KPI-S5]); "YYYY-MM" compares as text.
  const start = agreement.startMonth ?? "";
  const missing = new Map<string, Set<string>>();
  for (const row of rows) if (row.month >= start && !offers.has(row.serviceOffer)) missing.set(row.serviceOffer, (missing.get(row.serviceOffer) ?? new Set()).add(row.month));
  return [...missing].map(([offer, months]) => ({
    file,
    column: "offers",
    message: `service offer "${offer}" has stored figures in ${[...months].join(", ")} but is missing from the agreement; keep the offer or correct these months first`,
    messageDe: `Leistungsangebot „${offer}“ hat gespeicherte Zahlen in ${[...months].join(", ")}, fehlt aber in der Vereinbarung; das Angebot behalten oder zuerst diese Monate korrigieren`,
  }));
}

/**
 * `/api/providers`: the quantitative controlling of each provider — agreements, monthly
 * figures and staff (upload or form), submission history, quarter locks and KPIs. Unknown
 * providers and providers the user may not read both answer 404.
 * @param deps - database, KPI events, logger
 */
export function providerRoutes(deps: AppDeps) {
  /** The user, after checking one more right than reading (which the middleware checked). */
  function requireRight(user: UserRecord, providerId: string, right: keyof ControllingRights, message: string): void {
    if (!controllingRights(user, providerId)[right]) throw forbidden(message);
  }
  function notifyChanged(providerId: string): void {
    try {
      deps.kpiEvents.figuresChanged(providerId);
    } catch (error) {
      deps.logger.log("error", "figuresChanged listener failed", { providerId, error: (error as Error).message });
    }
  }

  return new Hono<{ Variables: SessionVariables }>()
    .get(
      "/",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Leistungserbringer im Controlling",
        responses: { 200: json("Die Leistungserbringer, deren Zahlen der Benutzer lesen darf.", z.array(ProviderSummarySchema)), ...errors(401, 403) },
      }),
      async (c) => {
        const user = requireUser(c);
        const providers: ProviderSummary[] = (await listProviders(deps.db)).filter((provider) => controllingRights(user, provider.id).read).map(({ id, name }) => ({ id, name }));
        return c.json(providers);
      },
    )
    .use("/:providerId/*", async (c, next) => {
      const user = requireUser(c);
      const providerId = c.req.param("providerId");
      // The same 404 for "no such provider" and "not yours", so provider users learn nothing of others.
      if ((await findOrganisation(deps.db, providerId))?.kind !== "provider" || !controllingRights(user, providerId).read) throw notFound("Leistungserbringer");
      await next();
    })
    .get(
      "/:providerId/agreements",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Budgetvereinbarungen (aktuelle Fassungen)",
        responses: { 200: json("Je Jahr die gültige Fassung."), ...errors(401, 403, 404) },
      }),
      async (c) => c.json(await listCurrentAgreements(deps.db, c.req.param("providerId"))),
    )
    .get(
      "/:providerId/agreements/:year/history",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Fassungen der Budgetvereinbarung eines Jahres",
        responses: { 200: json("Alle Fassungen mit Begründung und Autor."), ...errors(400, 401, 403, 404) },
      }),
      async (c) => c.json(await listAgreementHistory(deps.db, c.req.param("providerId"), yearParam(c.req.param("year")))),
    )
    .get(
      "/:providerId/agreements/:year/next-draft",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Entwurf der Vereinbarung für das Folgejahr",
        responses: { 200: json("Entwurf aus der Vereinbarung und den Zahlen der letzten Jahre."), ...errors(400, 401, 403, 404) },
      }),
      async (c) => {
        const providerId = c.req.param("providerId");
        const year = yearParam(c.req.param("year"));
        // One transaction, so the draft pairs the figures with the agreement they were read with.
        const { agreements, figures } = await transaction(deps.db, async (trx) => {
          const current = await listCurrentAgreements(trx, providerId);
          const rows = [];
          for (let i = 0; i < NEXT_AGREEMENT_WINDOW_YEARS; i++) rows.push(...(await listFigureRows(trx, providerId, year - i)));
          return { agreements: current, figures: rows };
        });
        const current = agreements.find((a) => a.year === year);
        if (!current) throw new AppError(404, "no_agreement", `Keine Budgetvereinbarung für ${year} gespeichert; der Entwurf für ${year + 1} geht von ihr aus.`);
        const draft = draftNextAgreement({ current: current.agreement, figures });
        const answer: NextAgreementDraftAnswer = {
          ...draft,
          basedOnVersion: current.version,
          nextVersion: agreements.find((a) => a.year === year + 1)?.version ?? null,
        };
        return c.json(answer);
      },
    )
    .put(
      "/:providerId/agreements/:year",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Budgetvereinbarung speichern",
        responses: { 200: json("Die gespeicherte Fassung mit Warnungen."), ...errors(400, 401, 403, 404) },
      }),
      validate("json", AgreementSaveSchema),
      async (c) => {
        const user = requireUser(c);
        const providerId = c.req.param("providerId");
        requireRight(user, providerId, "writeAgreements", "Nur Bearbeiterinnen und Bearbeiter des Leistungsträgers ändern Budgetvereinbarungen.");
        const year = yearParam(c.req.param("year"));
        const body = c.req.valid("json");
        const file = body.fileName ?? "agreement.json";
        const parsed = body.agreementText !== undefined ? parseBudgetAgreementText(body.agreementText, file) : parseBudgetAgreement(body.agreement, file);
        if (!parsed.ok) throw new InputIssuesError(parsed.errors);
        const agreement = parsed.value;
        if (agreement.year !== year) {
          const line = body.agreementText !== undefined ? { line: locateJsonPath(body.agreementText.replace(/^\uFEFF/, ""), ["year"]).line } : {};
          throw new InputIssuesError([
            {
              file,
              ...line,
              column: "year",
              message: `the agreement is for ${agreement.year}, but it is being saved as the year ${year}`,
              messageDe: `Die Vereinbarung gilt für ${agreement.year}, gespeichert wird aber das Jahr ${year}.`,
            },
          ]);
        }
        const saved = await transaction(deps.db, async (trx) => {
          const orphans = orphanedOffers(await listFigureRows(trx, providerId, year), agreement, file);
          if (orphans.length > 0) throw new InputIssuesError(orphans);
          return insertAgreementVersion(trx, { providerId, agreement, userId: user.id, reason: body.reason });
        });
        notifyChanged(providerId);
        return c.json({ ...saved, warnings: parsed.warnings });
      },
    )
    .get(
      "/:providerId/figures",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Zahlen und Personaleinsatz eines Jahres",
        responses: { 200: json("Zeilen, Personaleinsatz und je Monat: gemeldet, gesperrt."), ...errors(400, 401, 403, 404) },
      }),
      validate("query", YearQuerySchema),
      async (c) => {
        const providerId = c.req.param("providerId");
        const year = Number(c.req.valid("query").year);
        const rows = await listFigureRows(deps.db, providerId, year);
        const staff = await listStaffRows(deps.db, providerId, year);
        const locked = new Set((await listLocks(deps.db, providerId)).map((lock) => lock.quarter));
        const reported = new Set(rows.map((row) => row.month));
        const staffed = new Set(staff.map((row) => row.month));
        const months: MonthStatus[] = Array.from({ length: 12 }, (_, index) => {
          const month = monthKey(year, index + 1);
          return { month, reported: reported.has(month), staffReported: staffed.has(month), locked: locked.has(quarterOfMonth(month)) };
        });
        const answer: FiguresOfYear = { year, rows, staff, months };
        return c.json(answer);
      },
    )
    .get(
      "/:providerId/figures/history",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Meldungshistorie",
        responses: { 200: json("Alle Meldungen (Upload oder Formular) mit Begründung."), ...errors(401, 403, 404) },
      }),
      async (c) => c.json(await listSubmissions(deps.db, c.req.param("providerId"))),
    )
    .post(
      "/:providerId/figures/upload",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Zahlen oder Personaleinsatz hochladen (CSV oder Excel)",
        requestBody: FIGURES_UPLOAD_BODY,
        responses: { 200: json("Die gespeicherte Meldung mit Warnungen."), ...errors(400, 401, 403, 404, 409, 413) },
      }),
      async (c) => {
        const user = requireUser(c);
        const providerId = c.req.param("providerId");
        requireRight(user, providerId, "writeFigures", "Nur Bearbeiterinnen und Bearbeiter melden Zahlen.");
        const form = await c.req.parseBody().catch((error: unknown) => {
          if (error instanceof AppError) throw error;
          throw badRequest("file: Die Anfrage ist kein lesbares Formular (multipart/form-data).");
        });
        const file = form.file;
        if (!(file instanceof File)) throw badRequest("file: Bitte die CSV- oder Excel-Datei im Formularfeld „file“ mitsenden.");
        const subject = form.subject;
        if (subject !== "figures" && subject !== "staff") throw badRequest("subject: muss „figures“ (Belegungszahlen) oder „staff“ (Personaleinsatz) sein.");
        let reason: string | undefined;
        if (typeof form.reason === "string" && form.reason.trim() !== "") {
          const checked = ReasonSchema.safeParse(form.reason);
          if (!checked.success) throw badRequest("reason: Bitte eine Begründung mit mindestens 3 und höchstens 1000 Zeichen angeben.");
          reason = checked.data;
        }
        if (file.size > UPLOAD_MAX_BYTES) throw tooLarge();
        const fileName = cleanFileName(file.name, subject === "figures" ? "figures.csv" : "staff.csv");
        const text = await uploadToCsv(fileName, new Uint8Array(await file.arrayBuffer()));
        if (!text.ok) throw new InputIssuesError(text.errors);
        const base = { providerId, userId: user.id, kind: "upload" as const, reason, fileName };
        if (subject === "figures") {
          const parsed = parseFiguresCsv(text.value, fileName);
          if (!parsed.ok) throw new InputIssuesError(parsed.errors);
          return c.json(await recordFigures(deps, { ...base, figures: parsed.value, staff: null, warnings: parsed.warnings }));
        }
        const parsed = parseStaffCsv(text.value, fileName);
        if (!parsed.ok) throw new InputIssuesError(parsed.errors);
        return c.json(await recordFigures(deps, { ...base, figures: null, staff: parsed.value, warnings: parsed.warnings }));
      },
    )
    .put(
      "/:providerId/figures/:month",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Monat im Formular melden",
        responses: { 200: json("Die gespeicherte Meldung mit Warnungen."), ...errors(400, 401, 403, 404, 409) },
      }),
      validate("json", MonthEntrySchema),
      async (c) => {
        const user = requireUser(c);
        const providerId = c.req.param("providerId");
        requireRight(user, providerId, "writeFigures", "Nur Bearbeiterinnen und Bearbeiter melden Zahlen.");
        const month = c.req.param("month");
        if (!parseMonthKey(month)) throw badRequest(`month: „${month}“ ist kein Monat JJJJ-MM.`);
        const entry = c.req.valid("json");
        const parsed = parseMonthEntryRows(month, entry.rows);
        if (!parsed.ok) throw new InputIssuesError(parsed.errors);
        // Empty rows leave the month's figures as they are, like staffFte null leaves its staff.
        const figures = entry.rows.length > 0 ? parsed.value : null;
        const staff = entry.staffFte !== null ? [{ month, staffFte: entry.staffFte }] : null;
        if (!figures && !staff) throw badRequest("rows: Bitte mindestens eine Zeile oder den Personaleinsatz (VK) angeben.");
        return c.json(await recordFigures(deps, { providerId, userId: user.id, kind: "form", figures, staff, reason: entry.reason, warnings: parsed.warnings }));
      },
    )
    .get(
      "/:providerId/locks",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Gesperrte Quartale",
        responses: { 200: json("Die Sperren mit Begründung."), ...errors(401, 403, 404) },
      }),
      async (c) => c.json(await listLocks(deps.db, c.req.param("providerId"))),
    )
    .post(
      "/:providerId/locks",
      describeRoute({ tags: [Tag.controlling], summary: "Quartal sperren", responses: { 201: json("Die neue Sperre."), ...errors(400, 401, 403, 404, 409) } }),
      validate("json", LockSchema),
      async (c) => {
        const user = requireUser(c);
        const providerId = c.req.param("providerId");
        requireRight(user, providerId, "lock", "Nur Bearbeiterinnen und Bearbeiter des Leistungsträgers sperren Quartale.");
        const { quarter, reason } = c.req.valid("json");
        const lock = await lockQuarter(deps.db, providerId, quarter, user.id, reason);
        if (!lock) throw new AppError(409, "conflict", `quarter: ${quarter} ist bereits gesperrt.`);
        notifyChanged(providerId);
        return c.json(lock, 201);
      },
    )
    .delete(
      "/:providerId/locks/:quarter",
      describeRoute({
        tags: [Tag.controlling],
        summary: "Gesperrtes Quartal wieder öffnen",
        responses: { 204: { description: "Wieder geöffnet." }, ...errors(400, 401, 403, 404) },
      }),
      validate("json", ReopenSchema),
      async (c) => {
        const user = requireUser(c);
        const providerId = c.req.param("providerId");
        requireRight(user, providerId, "reopen", "Nur der Leistungsträger öffnet gesperrte Quartale wieder.");
        const quarter = c.req.param("quarter");
        if (!/^\d{4}-Q[1-4]$/.test(quarter)) throw badRequest(`quarter: „${quarter}“ ist kein Quartal wie 2025-Q2.`);
        if (!(await reopenQuarter(deps.db, providerId, quarter, user.id, c.req.valid("json").reason))) throw notFound(`Sperre für ${quarter}`);
        notifyChanged(providerId);
        return c.body(null, 204);
      },
    )
    .get(
      "/:providerId/kpis",
      describeRoute({
        tags: [Tag.controlling],
        summary: "KPIs eines Zeitraums",
        responses: { 200: json("Die KPI-Werte des Leistungserbringers im Zeitraum."), ...errors(400, 401, 403, 404) },
      }),
      validate("query", KpiPeriodQuerySchema),
      async (c) => {
        return c.json(await computeProviderKpis(deps.db, c.req.param("providerId"), c.req.valid("query").period));
      },
    );
}
