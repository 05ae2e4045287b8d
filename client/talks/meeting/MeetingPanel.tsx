import { useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import type { TalkSummary } from "../../../shared/domain/talks";
import { ApiError } from "../../lib/api";
import { moveAgendaItem, talkErrorText, startTalk } from "../talksApi";
import { AgendaNavigator } from "./AgendaNavigator";
import { agendaSections, sectionsAt } from "./agendaSections";
import { AgreementsSection } from "./AgreementsSection";
import { ApprovalSection } from "./ApprovalSection";
import { AttendanceSection } from "./AttendanceSection";
import { CloseSection } from "./CloseSection";
import { focusedMeasure, MeasureSection } from "./MeasureSection";
import { MeetingTimer } from "./MeetingTimer";
import { useKindContext } from "./talkKind";
import { useLiveMeasures } from "./useLiveMeasures";
import { MeetingTopic } from "../../topics/MeetingTopic";

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
  /** Reads the talk again (after a refusal: someone else changed it meanwhile). */
  onRefresh(): void;
}

/**
 * The meeting panel beside the live scorecard: start, timer, agenda with the current
 * item, and the current item's work (approval of the previous minutes, the measures,
 * agreements, a topic planned from the Themenspeicher with its status line), attendance,
 * and closing. The current agenda item is the talk's, the same
 * on every screen; editors move it for everyone. Users without edit rights see the same
 * panel, following along, without the actions.
 */
export function MeetingPanel({ talk, doc, docEditable, onTalkChanged, onRefresh }: MeetingPanelProps) {
  const { t } = useTranslation();
  const ctx = useKindContext();
  const headingId = useId();
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startedHere, setStartedHere] = useState(false);
  // Shown at once while stored; moves are sent one after another, so the last one wins on the server too.
  const [movingTo, setMovingTo] = useState<number | null>(null);
  const [agendaError, setAgendaError] = useState<string | null>(null);
  const moves = useRef<Promise<void>>(Promise.resolve());
  const sections = useMemo(() => agendaSections(talk.agenda), [talk.agenda]);
  const measures = useLiveMeasures(doc);
  const [pickedMeasure, setPickedMeasure] = useState<string | null>(null);
  const focus = focusedMeasure(measures, pickedMeasure, talk.localDate);
  const canAct = talk.canEdit;
  const open = talk.state !== "closed" && talk.state !== "cancelled";
  const item = Math.min(movingTo ?? talk.currentAgendaItem, talk.agenda.length - 1);
  const shown = sectionsAt(sections, item);
  const topicId = talk.agenda[item]?.topicId ?? null;

  function handleAgendaChange(index: number) {
    setMovingTo(index);
    setAgendaError(null);
    moves.current = moves.current.then(async () => {
      try {
        onTalkChanged(await moveAgendaItem(talk.id, index));
      } catch (caught) {
        setAgendaError(talkErrorText(caught, t));
      } finally {
        setMovingTo((current) => (current === index ? null : current));
      }
    });
  }

  async function handleStart() {
    setStarting(true);
    setStartError(null);
    try {
      onTalkChanged(await startTalk(talk.id));
      setStartedHere(true);
    } catch (caught) {
      // Someone else started it a moment earlier: what both wanted; their start arrives by push.
      if (caught instanceof ApiError && caught.status === 409) onRefresh();
      else setStartError(talkErrorText(caught, t));
    } finally {
      setStarting(false);
    }
  }

  const planned = talk.state === "scheduled" || talk.state === "circulated";
  return (
    <section className="meeting-panel" aria-labelledby={headingId} data-state={talk.state} data-revision={talk.revision}>
      <h2 id={headingId}>{t("talks.meeting.panel", ctx)}</h2>
      <p className="meeting-state">{t("talks.meeting.stateLine", { ...ctx, state: t(`talks.states.${talk.state}`) })}</p>
      {!canAct && <p className="hint">{t("talks.meeting.readOnly", ctx)}</p>}
      {talk.state === "cancelled" && <p className="notice">{t("talks.meeting.cancelledNote", ctx)}</p>}
      {planned && (
        <div className="meeting-start">
          <p>{t("talks.meeting.notStarted", ctx)}</p>
          {canAct && (
            <button type="button" className="primary" disabled={starting} onClick={() => void handleStart()}>
              {starting ? t("talks.meeting.starting", ctx) : t("talks.meeting.start", ctx)}
            </button>
          )}
          <p className="error" role="alert">
            {startError}
          </p>
        </div>
      )}
      <div aria-live="polite">{startedHere && talk.state === "running" && <p className="success-text">{t("talks.meeting.started", ctx)}</p>}</div>
      <MeetingTimer startedAt={talk.startedAt} closedAt={talk.closedAt} plannedMinutes={talk.plannedMinutes} />
      <AgendaNavigator agenda={talk.agenda} current={item} onChange={canAct && open ? handleAgendaChange : undefined} />
      <p className="error" role="alert">
        {agendaError}
      </p>
      <div className="meeting-item" data-agenda-item={item}>
        {topicId && <MeetingTopic key={topicId} talk={talk} topicId={topicId} canAct={canAct} />}
        {shown.includes("approval") && <ApprovalSection talk={talk} canAct={canAct} onTalkChanged={onTalkChanged} onRefresh={onRefresh} />}
        {shown.includes("measures") && <MeasureSection talk={talk} doc={doc} measures={measures} focus={focus} onPick={setPickedMeasure} canAct={canAct && docEditable && talk.state === "running"} />}
        {shown.includes("agreements") && <AgreementsSection talk={talk} doc={doc} focusMeasureId={focus?.measure.id ?? null} canAct={canAct} onTalkChanged={onTalkChanged} onRefresh={onRefresh} />}
      </div>
      <AttendanceSection talk={talk} canAct={canAct} onTalkChanged={onTalkChanged} />
      <CloseSection talk={talk} canAct={canAct} onTalkChanged={onTalkChanged} />
    </section>
  );
}
