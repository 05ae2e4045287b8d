import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { transaction } from "../persistence/db";
import { createOrganisation } from "../persistence/organisations";
import { insertScorecard } from "../persistence/scorecards";
import { findTalk, insertTalk, transitionTalk } from "../persistence/talks";
import { addTopicAgendaItem } from "../persistence/talkAgenda";
import { findTopic, insertTopic, listTalkTopicEvents, updateTopic } from "../persistence/topics";
import { createUser } from "../persistence/users";
import { carryTopicsAtClose, releaseTopicsOfCancelledTalk } from "./topicCarry";

const DAY = 24 * 60 * 60 * 1000;
const START = Date.parse("2026-03-01T09:00:00Z");

/** A scorecard with three scheduled talks, a user, and topics planned into the first. */
async function setup() {
  const db = await openTestDatabase();
  const organisation = await createOrganisation(db, "Beispiel e.V.", "provider");
  const userId = await createUser(db, { email: "a@x.test", name: "Anton", passwordHash: "x", organisationId: organisation.id, role: "editor" });
  const scorecardId = await insertScorecard(db, "BSC", organisation.id);
  const talks: string[] = [];
  for (const [index, days] of [0, 90, 180].entries()) {
    const id = `t-${index + 1}`;
    await insertTalk(
      db,
      {
        id,
        scorecardId,
        startsAt: START + days * DAY,
        plannedMinutes: 120,
        place: "Haus A",
        agenda: [{ title: "Maßnahmen" }, { title: "Nächster Termin" }],
        createdBy: userId,
        createdAt: START - DAY,
      },
      [],
    );
    talks.push(id);
  }
  const topic = async (id: string, title: string, plannedInto: string | null) => {
    await insertTopic(db, { id, scorecardId, title, note: "", raisedBy: userId, raisedAt: START - DAY });
    if (plannedInto) {
      await addTopicAgendaItem(db, plannedInto, { title: `Themenspeicher: ${title}`, topicId: id }, START);
      await updateTopic(db, id, 1, { status: "planned", plannedTalkId: plannedInto }, START);
    }
  };
  return { db, talks, topic };
}

describe("carrying topics forward", () => {
  it("moves an undiscussed topic of the closing talk onto the next unstarted talk's agenda, and lists the open ones for the minutes", async () => {
    const { db, talks, topic } = await setup();
    await topic("a", "Berichtsform", talks[0]);
    await topic("b", "Versorgungsverpflichtung", null);
    await transitionTalk(db, talks[0], ["scheduled"], "closed", { closedAt: START }, START);
    const { scorecardId } = (await findTalk(db, talks[0]))!;
    const result = await transaction(db, (trx) => carryTopicsAtClose(trx, { id: talks[0], scorecardId }, START));
    expect(result).toEqual({ nextTalkId: talks[1], carried: 1, changed: true });
    expect(await findTopic(db, "a")).toMatchObject({ status: "planned", plannedTalkId: talks[1] });
    expect((await findTalk(db, talks[1]))!.agenda.map((item) => item.title)).toEqual(["Maßnahmen", "Themenspeicher: Berichtsform", "Nächster Termin"]);
    expect((await listTalkTopicEvents(db, talks[0])).map((event) => [event.topicId, event.kind, event.status])).toEqual([
      ["a", "carried", "planned"],
      ["b", "listed", "open"],
    ]);
    expect((await listTalkTopicEvents(db, talks[1])).map((event) => [event.topicId, event.kind, event.detail.fromTalkId])).toEqual([["a", "planned", talks[0]]]);
  });

  it("opens a carried topic again when no talk is scheduled after it", async () => {
    const { db, talks, topic } = await setup();
    await topic("a", "Berichtsform", talks[2]);
    for (const id of talks.slice(0, 2)) await transitionTalk(db, id, ["scheduled"], "cancelled", {}, START);
    await transitionTalk(db, talks[2], ["scheduled"], "closed", { closedAt: START }, START);
    const { scorecardId } = (await findTalk(db, talks[2]))!;
    await transaction(db, (trx) => carryTopicsAtClose(trx, { id: talks[2], scorecardId }, START));
    expect(await findTopic(db, "a")).toMatchObject({ status: "open", plannedTalkId: talks[2] });
    expect((await listTalkTopicEvents(db, talks[2])).at(-1)).toMatchObject({ kind: "carried", detail: { toTalkId: null } });
  });

  it("opens the topics of a cancelled talk again", async () => {
    const { db, talks, topic } = await setup();
    await topic("a", "Berichtsform", talks[1]);
    expect(await transaction(db, (trx) => releaseTopicsOfCancelledTalk(trx, talks[1], START))).toBe(1);
    expect(await findTopic(db, "a")).toMatchObject({ status: "open", revision: 3 });
    expect(await listTalkTopicEvents(db, talks[1])).toMatchObject([{ kind: "unplanned", detail: { reason: "Gespräch abgesagt" } }]);
  });
});
