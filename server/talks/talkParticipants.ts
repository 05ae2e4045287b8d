import type { ParticipantInput, TalkCandidate } from "../../shared/domain/talks";
import { scorecardAccess } from "../auth/permissions";
import { badRequest } from "../errors";
import type { Db } from "../persistence/db";
import type { ScorecardRecord } from "../persistence/scorecards";
import type { ParticipantRow } from "../persistence/talks";
import { findUserByEmail, findUserById, listUsers } from "../persistence/users";

/**
 * The users who can open a scorecard, and so could be invited to its talks and receive
 * the circulation link: the funder's people and the provider's (or every provider's, for
 * the conference scorecard). Removed users are left out.
 */
export async function participantCandidates(db: Db, scorecard: ScorecardRecord): Promise<TalkCandidate[]> {
  return (await listUsers(db))
    .filter((user) => user.disabledAt === null && scorecardAccess(user, scorecard) !== null)
    .map((user) => ({ id: user.id, name: user.name, email: user.email, organisation: user.organisationName, side: user.organisationKind }))
    .sort((a, b) => a.side.localeCompare(b.side) || a.organisation.localeCompare(b.organisation) || a.name.localeCompare(b.name));
}

/**
 * Resolves the participants of a talk: a `{ userId }` must be an active user who can open
 * the scorecard (the circulation links to it), and takes name, address and side from the
 * account; a guest's address that belongs to such a user is linked to them.
 * @param db - the database
 * @param scorecard - the talk's scorecard
 * @param inputs - participants as given
 * @throws AppError 400 naming the participant (`participants.2.userId: …`)
 */
export async function resolveParticipants(db: Db, scorecard: ScorecardRecord, inputs: readonly ParticipantInput[]): Promise<Omit<ParticipantRow, "present">[]> {
  const seen = new Set<string>();
  const participants: Omit<ParticipantRow, "present">[] = [];
  // In order, so a 400 names the first participant in error.
  for (const [index, input] of inputs.entries()) {
    let participant: Omit<ParticipantRow, "present">;
    if ("userId" in input) {
      const user = await findUserById(db, input.userId);
      if (!user || user.disabledAt !== null) throw badRequest(`participants.${index}.userId: no such user`);
      if (!scorecardAccess(user, scorecard)) throw badRequest(`participants.${index}.userId: ${user.name} cannot open this scorecard`);
      participant = { userId: user.id, email: user.email.toLowerCase(), name: user.name, side: user.organisationKind };
    } else {
      const known = await findUserByEmail(db, input.email);
      const linked = known && scorecardAccess(known, scorecard) ? known.id : null;
      participant = { userId: linked, email: input.email.toLowerCase(), name: input.name, side: input.side };
    }
    if (seen.has(participant.email)) throw badRequest(`participants.${index}: ${participant.email} is listed twice`);
    seen.add(participant.email);
    participants.push(participant);
  }
  return participants;
}
