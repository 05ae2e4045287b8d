import { validator } from "hono-openapi";
import type { ZodType } from "zod";
import { badRequest } from "../errors";

/** The name of one step of an issue's path; Standard Schema allows `{ key }` objects as well as plain keys. */
function segmentName(segment: PropertyKey | { readonly key: PropertyKey }): string {
  return String(typeof segment === "object" ? segment.key : segment);
}

/**
 * Validates a request part with a shared zod schema; a failure becomes a 400 whose
 * message names the field, e.g. "email: Invalid email address". The schema also becomes
 * the request's part of the OpenAPI description (`/api/openapi.json`).
 * @param target - which part of the request
 * @param schema - the schema
 * @throws AppError 400 `bad_request` (through `app.onError`) when the request part does not fit
 */
export function validate<T extends ZodType, Target extends "json" | "query" | "param">(target: Target, schema: T) {
  return validator(target, schema, (result) => {
    if (!result.success) {
      const message = result.error.map((issue) => `${issue.path && issue.path.length > 0 ? issue.path.map(segmentName).join(".") : target}: ${issue.message}`).join("; ");
      throw badRequest(message);
    }
  });
}
