import type { OrganisationKind } from "../../shared/domain/organisation";
import { scorecardAccess, type Principal, type ScorecardOwner } from "../auth/permissions";

/** Who wrote a question or an answer. */
export interface QuestionWriter {
  /** User id. */
  id: string;
  /** The writer's side: funder or provider. */
  organisationKind: OrganisationKind;
}

/** A user who might be told, with what decides it. */
export interface QuestionMailCandidate extends Principal {
  /** User id. */
  id: string;
  /** Whether the user wants mails about questions and answers (account page). */
  questionMails: boolean;
}

/**
 * Who is told by mail that a question was asked or answered: "the other side", i.e. the
 * users of the other kind of organisation (funder ↔ provider) who can see the scorecard,
 * editors and viewers alike. On a provider's scorecard that is the funder's users for
 * the provider's questions and the provider's own users for the funder's; on the
 * conference scorecard every provider's users for a funder's question, and the funder's
 * users for a provider's (other providers are the same side and are not told). Never the
 * writer, never disabled users, never users who turned these mails off.
 * @param writer - who asked or answered
 * @param scorecard - the scorecard the thread is on
 * @param candidates - the users to choose from
 * @returns the recipients, in the candidates' order
 * @example questionMailRecipients({ id: "u1", organisationKind: "provider" }, { providerId: "p1" }, users) // the funder's users
 */
export function questionMailRecipients<T extends QuestionMailCandidate>(writer: QuestionWriter, scorecard: ScorecardOwner, candidates: readonly T[]): T[] {
  return candidates.filter(
    (user) =>
      user.id !== writer.id &&
      user.questionMails &&
      user.organisationKind !== writer.organisationKind &&
      // Also refuses disabled users; a provider's users reach only their own scorecards.
      scorecardAccess(user, scorecard) !== null,
  );
}
