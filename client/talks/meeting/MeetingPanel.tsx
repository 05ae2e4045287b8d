import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import type { TalkSummary } from "../../../shared/domain/talks";
import { talkErrorText, startTalk } from "../talksApi";
import { AgendaNavigator } from "./AgendaNavigator";
import { agendaSections, sectionsAt } from "./agendaSections";
import { AgreementsSection } from "./AgreementsSection";
import { ApprovalSection } from "./ApprovalSection";
import { AttendanceSection } from "./AttendanceSection";
import { CloseSection } from "./CloseSection";
import { MeasureSection } from "./MeasureSection";
import { MeetingTimer } from "./MeetingTimer";

/** Props of {@link MeetingPanel}. */
interface MeetingPanelProps {
  /** The talk. */
  talk: TalkSummary;
  /** The live scorecard document. */
  doc: Y.Doc;
  /** Whether the user may change the document (the server's word). */
  docEditable: boolean;
  /** Called with the talk after every change made here. */
  onTalkChanged(talk: TalkSummary): void;
}

/** Where the current agenda item is remembered, so a reload stays on it. */
function agendaKey(talkId: string): string {
  return `steuerrad.talk.${talkId}.agendaItem`;
}

function storedAgendaItem(talkId: string, count: number): number {
  const stored = Number(sessionStorage.getItem(agendaKey(talkId)));
  return Number.isInteger(stored) && stored >= 0 && stored < count ? stored : 0;
}

/**
 * The meeting panel beside the live scorecard: start, timer, agenda with the current
 * item, and the current item's work (approval of the previous minutes, the measures,
 * agreements), attendance, and closing. Users without edit rights see the same panel
 * without the actions.
 */
export function MeetingPanel({ talk, doc, docEditable, onTalkChanged }: MeetingPanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [current, setCurrent] = useState(() => storedAgendaItem(talk.id, talk.agenda.length));
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startedHere, setStartedHere] = useState(false);
  const sections = useMemo(() => agendaSections(talk.agenda), [talk.agenda]);
  const canAct = talk.canEdit;
  const item = Math.min(current, talk.agenda.length - 1);
  const shown = sectionsAt(sections, item);

  function handleAgendaChange(index: number) {
    setCurrent(index);
    sessionStorage.setItem(agendaKey(talk.id), String(index));
  }

  async function handleStart() {
    setStarting(true);
    setStartError(null);
    try {
      onTalkChanged(await startTalk(talk.id));
      setStartedHere(true);
    } catch (caught) {
      setStartError(talkErrorText(caught, t));
    } finally {
      setStarting(false);
    }
  }

  const planned = talk.state === "scheduled" || talk.state === "circulated";
  return (
    <section className="meeting-panel" aria-labelledby={headingId} data-state={talk.state}>
      <h2 id={headingId}>{t("talks.meeting.panel")}</h2>
      <p className="meeting-state">
        {t("talks.meeting.stateLine", { state: t(`talks.states.${talk.state}`) })}
      </p>
      {!canAct && <p className="hint">{t("talks.meeting.readOnly")}</p>}
      {talk.state === "cancelled" && <p className="notice">{t("talks.meeting.cancelledNote")}</p>}
      {planned && (
        <div className="meeting-start">
          <p>{t("talks.meeting.notStarted")}</p>
          {canAct && (
            <button type="button" className="primary" disabled={starting} onClick={() => void handleStart()}>
              {starting ? t("talks.meeting.starting") : t("talks.meeting.start")}
            </button>
          )}
          <p className="error" role="alert">
            {startError}
          </p>
        </div>
      )}
      <div aria-live="polite">{startedHere && talk.state === "running" && <p className="success-text">{t("talks.meeting.started")}</p>}</div>
      <MeetingTimer startedAt={talk.startedAt} closedAt={talk.closedAt} plannedMinutes={talk.plannedMinutes} />
      <AgendaNavigator agenda={talk.agenda} current={item} onChange={handleAgendaChange} />
      <div className="meeting-item" data-agenda-item={item}>
        {shown.includes("approval") && <ApprovalSection talk={talk} canAct={canAct} onTalkChanged={onTalkChanged} />}
        {shown.includes("measures") && <MeasureSection talk={talk} doc={doc} canAct={canAct && docEditable && talk.state === "running"} />}
        {shown.includes("agreements") && <AgreementsSection talk={talk} canAct={canAct} onTalkChanged={onTalkChanged} />}
      </div>
      <AttendanceSection talk={talk} canAct={canAct} onTalkChanged={onTalkChanged} />
      <CloseSection talk={talk} canAct={canAct} onTalkChanged={onTalkChanged} />
    </section>
  );
}
