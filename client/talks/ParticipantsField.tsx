import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ParticipantSideSchema, type ParticipantInput, type ParticipantSide, type TalkCandidate } from "../../shared/domain/talks";
import type { Me } from "../../shared/domain/user";
import { EnumOptions } from "../components/EnumOptions";
import { loadCandidates } from "./talksApi";

/** A person entered by address; the server links the address to an account when there is one. */
export interface GuestDraft {
  /** E-mail address. */
  email: string;
  /** Name. */
  name: string;
  /** Side. */
  side: ParticipantSide;
}

/** What the participants part of the form holds. */
export interface ParticipantsDraft {
  /** Users who take part (sent as their user ids); the logged-in user at first. */
  userIds: string[];
  /** Further people, by address. */
  guests: GuestDraft[];
}

/** Props of {@link ParticipantsField}. */
interface ParticipantsFieldProps {
  /** The talk's scorecard; its users are offered for ticking. */
  scorecardId: string;
  /** The logged-in user. */
  me: Me;
  /** The current entries. */
  value: ParticipantsDraft;
  /** Called with the changed entries. */
  onChange(value: ParticipantsDraft): void;
  /** Disables every control while the form is sent. */
  disabled?: boolean;
}

/**
 * The participants as the API takes them: the user's own id, then each filled-in guest
 * row by address (rows left completely empty are skipped).
 * @param draft - the form's entries
 */
export function participantInputs(draft: ParticipantsDraft): ParticipantInput[] {
  const guests = draft.guests.filter((guest) => guest.email.trim() || guest.name.trim()).map((guest) => ({ email: guest.email.trim(), name: guest.name.trim(), side: guest.side }));
  return [...draft.userIds.map((userId) => ({ userId })), ...guests];
}

/** A new empty row, on the other side than the user's (the usual counterpart). */
export function emptyGuest(me: Me): GuestDraft {
  return { email: "", name: "", side: me.organisation.kind === "provider" ? "funder" : "provider" };
}

/**
 * The participants of a talk: everyone who can open the scorecard, to tick, and further
 * people (guests) by e-mail, name and side.
 */
export function ParticipantsField({ me, scorecardId, value, onChange, disabled }: ParticipantsFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const [candidates, setCandidates] = useState<TalkCandidate[]>([]);

  useEffect(() => {
    if (!scorecardId) return setCandidates([]);
    let cancelled = false;
    loadCandidates(scorecardId).then(
      (list) => !cancelled && setCandidates(list),
      () => !cancelled && setCandidates([]),
    );
    return () => {
      cancelled = true;
    };
  }, [scorecardId]);

  function toggleUser(userId: string, checked: boolean) {
    onChange({ ...value, userIds: checked ? [...value.userIds, userId] : value.userIds.filter((known) => known !== userId) });
  }

  function updateGuest(index: number, change: Partial<GuestDraft>) {
    onChange({ ...value, guests: value.guests.map((guest, i) => (i === index ? { ...guest, ...change } : guest)) });
  }

  function handleAdd() {
    onChange({ ...value, guests: [...value.guests, emptyGuest(me)] });
    requestAnimationFrame(() => document.getElementById(`${id}-${value.guests.length}-email`)?.focus());
  }

  return (
    <fieldset className="participants-field">
      <legend>{t("talks.participants.legend")}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t("talks.participants.hint")}
      </p>
      {candidates.length > 0 && (
        <ul className="participant-candidates" aria-label={t("talks.participants.candidates")}>
          {candidates.map((candidate) => (
            <li key={candidate.id}>
              <label className="checkbox">
                <input type="checkbox" checked={value.userIds.includes(candidate.id)} disabled={disabled} onChange={(event) => toggleUser(candidate.id, event.target.checked)} />
                {candidate.id === me.id ? t("talks.participants.me", { name: candidate.name, email: candidate.email }) : `${candidate.name} (${candidate.organisation}, ${candidate.email})`}
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="hint">{t("talks.participants.guests")}</p>
      <ol>
        {value.guests.map((guest, index) => (
          <li key={index}>
            <fieldset className="guest-row">
              <legend className="visually-hidden">{t("talks.participants.person", { number: index + 1 })}</legend>
              <label>
                <span>{t("talks.participants.email")}</span>
                <input
                  id={`${id}-${index}-email`}
                  type="email"
                  autoComplete="off"
                  value={guest.email}
                  disabled={disabled}
                  aria-describedby={`${id}-hint`}
                  onChange={(event) => updateGuest(index, { email: event.target.value })}
                />
              </label>
              <label>
                <span>{t("talks.participants.name")}</span>
                <input type="text" autoComplete="off" value={guest.name} disabled={disabled} onChange={(event) => updateGuest(index, { name: event.target.value })} />
              </label>
              <label>
                <span>{t("talks.participants.side")}</span>
                <select value={guest.side} disabled={disabled} onChange={(event) => updateGuest(index, { side: event.target.value as ParticipantSide })}>
                  <EnumOptions values={ParticipantSideSchema.options} prefix="talks.sides" />
                </select>
              </label>
              <button
                type="button"
                aria-label={t("talks.participants.remove", { number: index + 1 })}
                title={t("talks.participants.remove", { number: index + 1 })}
                disabled={disabled}
                onClick={() => onChange({ ...value, guests: value.guests.filter((_, i) => i !== index) })}
              >
                ✕
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" onClick={handleAdd} disabled={disabled}>
        {t("talks.participants.add")}
      </button>
    </fieldset>
  );
}
