import type { Attribution, PersonRef } from "../../shared/domain/versions";
import { colourForUser } from "../../shared/domain/colour";
import type { Db } from "../persistence/db";
import { userNames } from "../persistence/users";
import type { UpdateOrigin } from "./attribution";

/** Names the people of a history: the same name and colour as their caret. */
export interface People {
  /** The person for a user id; null is the system (the server's own changes). */
  person(userId: string | null): PersonRef;
  /** Person and time of a stored update. */
  attribution(origin: UpdateOrigin): Attribution;
}

/** The system, for changes the server made by itself (initial content). */
export const SYSTEM_PERSON: PersonRef = { id: null, name: "System", colour: "#5f6368" };

/**
 * Reads the names of all users once per request (an office's accounts: few enough), so
 * naming the people of a history needs no further query; removed users keep their name,
 * since users are disabled, never deleted.
 */
export async function createPeople(db: Db): Promise<People> {
  const names = await userNames(db);
  const cache = new Map<string, PersonRef>();
  const person = (userId: string | null): PersonRef => {
    if (userId === null) return SYSTEM_PERSON;
    let known = cache.get(userId);
    if (!known) {
      known = { id: userId, name: names.get(userId) ?? userId, colour: colourForUser(userId) };
      cache.set(userId, known);
    }
    return known;
  };
  return {
    person,
    attribution: (origin) => ({ by: person(origin.userId), at: new Date(origin.createdAt).toISOString() }),
  };
}
