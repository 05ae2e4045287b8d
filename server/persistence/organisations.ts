import { randomUUID } from "node:crypto";
import type { Organisation, OrganisationKind } from "../../shared/domain/organisation";
import type { Db } from "./db";

/**
 * Creates an organisation.
 * @param db - the database
 * @param name - unique display name
 * @param kind - funder or provider
 * @returns the new organisation
 */
export function createOrganisation(db: Db, name: string, kind: OrganisationKind): Organisation {
  const organisation = { id: randomUUID(), name, kind };
  db.prepare("INSERT INTO organisations (id, name, kind, created_at) VALUES (?, ?, ?, ?)").run(organisation.id, name, kind, Date.now());
  return organisation;
}

/**
 * Finds an organisation by id.
 * @returns the organisation, or undefined
 */
export function findOrganisation(db: Db, id: string): Organisation | undefined {
  return db.prepare("SELECT id, name, kind FROM organisations WHERE id = ?").get(id) as Organisation | undefined;
}

/** Whether the database holds any organisation yet (an empty database gets the demo). */
export function hasOrganisations(db: Db): boolean {
  return db.prepare("SELECT 1 FROM organisations LIMIT 1").get() !== undefined;
}

/** Lists the provider organisations by name. */
export function listProviders(db: Db): Organisation[] {
  return db.prepare("SELECT id, name, kind FROM organisations WHERE kind = 'provider' ORDER BY name").all() as Organisation[];
}

/** Lists every organisation, the funder first, then by name. */
export function listOrganisations(db: Db): Organisation[] {
  return db.prepare("SELECT id, name, kind FROM organisations ORDER BY kind = 'provider', name").all() as Organisation[];
}
