import { createContext, useContext } from "react";
import type { TalkKind } from "../../../shared/domain/meetingWords";
import { kindContext } from "../talkFormat";

/**
 * The kind of the meeting shown in meeting mode (a steering talk, or a session of the
 * conference), provided by the meeting page, so every part of the panel speaks of
 * "Gespräch" or "Sitzung" without passing the kind through each component.
 */
export const TalkKindContext = createContext<TalkKind>("steeringTalk");

/**
 * The i18next options that choose the wording of the meeting's kind: spread them into a
 * `t` call, e.g. `t("talks.close.button", useKindContext())` gives "Sitzung abschließen" in
 * a session (the `_session` key) and "Gespräch abschließen" in a steering talk.
 * @returns `{ context: "session" }` in a session, else `{}`
 */
export function useKindContext(): { context?: "session" } {
  return kindContext(useContext(TalkKindContext));
}
