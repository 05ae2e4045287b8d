import { resolver, type GenerateSpecOptions, type ResponsesWithResolver } from "hono-openapi";
import { z, type ZodType } from "zod";
import { SESSION_COOKIE } from "../../auth/sessions";
import { ErrorAnswerSchema } from "./schemas";

/** The areas of the API, as the documentation page groups them. */
export const Tag = {
  operations: "Betrieb",
  auth: "Anmeldung",
  me: "Eigenes Konto",
  scorecards: "Scorecards",
  versions: "Versionen und Protokoll",
  exports: "Export",
  comments: "Kommentare",
  topics: "Themenspeicher",
  talks: "Steuerungsgespräche",
  controlling: "Controlling",
  settlements: "Jahresabgleich",
  search: "Suche",
  overview: "Übersichten",
  users: "Benutzerverwaltung",
  docs: "Dokumentation",
} as const;

/** The error statuses the API answers with `{ error: { code, message } }`. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;

const ERROR_TEXTS: Record<ErrorStatus, string> = {
  400: "Ungültige Anfrage; die Meldung nennt das Feld („feld: Meldung“).",
  401: "Nicht angemeldet.",
  403: "Keine Berechtigung, fremde Herkunft (Origin) oder das Demo-Passwort muss zuerst geändert werden.",
  404: "Nicht vorhanden oder für diesen Benutzer nicht sichtbar.",
  409: "Widerspricht dem gespeicherten Stand (schon vorhanden, veraltete Revision).",
  413: "Anfrage zu groß.",
  429: "Zu viele Fehlversuche; `Retry-After` nennt die Wartezeit in Sekunden.",
  503: "Nicht bereit.",
};

const ERROR_REF = { $ref: "#/components/schemas/Fehler" };

/**
 * The error answers of a route, all in the shape `{ error: { code, message } }`.
 * @param statuses - the statuses the route may answer with besides its success
 * @returns the OpenAPI responses
 */
export function errors(...statuses: ErrorStatus[]): ResponsesWithResolver {
  return Object.fromEntries(statuses.map((status) => [String(status), { description: ERROR_TEXTS[status], content: { "application/json": { schema: ERROR_REF } } }]));
}

/**
 * A JSON answer; with a schema when one exists for it.
 * @param description - what the answer carries, in German
 * @param schema - the zod schema of the body, if any
 * @returns one OpenAPI response
 */
export function json(description: string, schema?: ZodType): ResponsesWithResolver[string] {
  return { description, content: { "application/json": schema ? { schema: resolver(schema) } : {} } };
}

/** Routes that need no session: they override the document's default security. */
export const PUBLIC = { security: [] };

/** The form of `POST /api/providers/:providerId/figures/upload`, described by hand: the route reads it with `parseBody`, not a validator, to answer in German per field. */
export const FIGURES_UPLOAD_BODY = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: {
        type: "object" as const,
        properties: {
          file: { type: "string" as const, contentMediaType: "application/octet-stream", description: "CSV- oder Excel-Datei, höchstens 5 MB." },
          subject: { type: "string" as const, enum: ["figures", "staff"], description: "Belegungszahlen oder Personaleinsatz." },
          reason: { type: "string" as const, description: "Begründung (3 bis 1000 Zeichen), nötig bei Korrekturen." },
        },
        required: ["file", "subject"],
      },
    },
  },
};

/**
 * What `openAPIRouteHandler` puts around the routes' descriptions: title, the session
 * cookie as the default security, the error schema every error answer points to, and our
 * own 400 answer for validated routes (the library's default has another shape).
 */
export const documentOptions: Partial<GenerateSpecOptions> = {
  documentation: {
    info: {
      title: "Steuerrad-API",
      version: "1",
      description:
        "Die JSON-API von Steuerrad unter `/api`. Anmeldung über `POST /api/auth/login`; danach trägt das Sitzungs-Cookie jede Anfrage. " +
        "Ändernde Anfragen aus dem Browser brauchen eine erlaubte `Origin`. Fehler antworten immer mit `{ error: { code, message } }`. " +
        "Die Bearbeitung der Scorecards selbst läuft nicht über diese API, sondern über die WebSocket-Verbindung `/collab/:id`.",
    },
    tags: Object.values(Tag).map((name) => ({ name })),
    security: [{ sitzung: [] }],
    components: {
      securitySchemes: {
        sitzung: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: "Sitzung aus `POST /api/auth/login` (HttpOnly-Cookie)." },
        metrikToken: { type: "http", scheme: "bearer", description: "`METRICS_TOKEN` des Servers, nur für `GET /metrics`." },
      },
      schemas: { Fehler: errorSchemaJson() },
    },
  },
  // Asset names such as `swagger-ui.css` and `export.pdf` are routes of ours, not static files to skip.
  excludeStaticFile: false,
  defaultValidationErrorResponse: { description: ERROR_TEXTS[400], content: { "application/json": { schema: ERROR_REF } } },
};

/** The error schema as JSON Schema (2020-12, the dialect of OpenAPI 3.1), without the `$schema` line. */
function errorSchemaJson() {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(ErrorAnswerSchema, { target: "draft-2020-12" });
  return schema as Record<string, unknown>;
}
