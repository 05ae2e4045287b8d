import { zValidator } from "@hono/zod-validator";
import type { ZodType } from "zod";
import { badRequest } from "../errors";

/**
 * Validates a request part with a shared zod schema; a failure becomes a 400 whose
 * message names the field, e.g. "email: Invalid email address".
 * @param target - which part of the request
 * @param schema - the schema
 */
export function validate<T extends ZodType, Target extends "json" | "query" | "param">(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const message = result.error.issues
        .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : target}: ${issue.message}`)
        .join("; ");
      throw badRequest(message);
    }
  });
}
