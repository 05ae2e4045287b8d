/**
 * The rest of the demo's year: provider B's scorecard (in the budget since April), the
 * conference's shared scorecard with its Themenspeicher and next session, and the open
 * questions both sides sent ahead of provider A's next talk.
 */
import { NewTalkSchema } from "../../shared/domain/talks";
import { editAt, type DemoContext } from "./demoContext";
import { addMeasure, appendToGoal, fillOpeningParagraph, kpiBlockNode, paragraphNode, updateMeasure } from "./demoDocument";
import type { ProviderAStory } from "./demoProviderA";
import { aroundTalk, dayOffset, germanDate } from "./demoTimeline";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Provider B's scorecard: measures of its first budget year and KPI blocks of the last
 * closed quarter, a named version and later edits to compare it with.
 * @param ctx - the demo context
 */
export async function tellProviderB(ctx: DemoContext): Promise<void> {
  const { timeline: t, people } = ctx;
  const sc = ctx.scorecards.b;
  const ids: Record<string, string> = {};
  const budgetStart = `${t.year}-04-01`;
  await editAt(ctx, sc, people.providerB, aroundTalk(t.firstTalk, -40), (doc) => {
    fillOpeningParagraph(doc, "Ressourcen im Blick behalten und abstimmen", `Der Weser-Wohnverbund ist seit dem ${germanDate(budgetStart)} im sozialraumorientierten Trägerbudget.`);
    ids.start = addMeasure(doc, {
      goal: "Ressourcen im Blick behalten und abstimmen",
      fields: {
        title: "Einstieg ins Trägerbudget vorbereiten (Mengengerüst, Meldewege)",
        responsibleSide: "both",
        responsiblePerson: "Berta Anbieter-B",
        startDate: `${t.year - 1}-11-01`,
        dueDate: budgetStart,
        status: budgetStart <= t.today ? "done" : "in_progress",
        trafficLight: "green",
        horizon: "short",
      },
    });
    ids.team = addMeasure(doc, {
      goal: "Das Sozialraumkonzept in der Praxis kritisch weiterentwickeln",
      fields: {
        title: "Sozialraumteam Geestemünde aufbauen",
        responsibleSide: "provider",
        responsiblePerson: "Berta Anbieter-B",
        startDate: budgetStart,
        dueDate: dayOffset(t.today, 200),
        status: "in_progress",
        trafficLight: "green",
        horizon: "medium",
      },
      description: "Ein Team für den Stadtteil statt Zuständigkeit nach Leistungstyp: Bezugsassistenz, Kontakte zu Vereinen, Kirchengemeinde und Nachbarschaftstreff.",
    });
    ids.werkhaus = addMeasure(doc, {
      goal: "Versorgungslücken finden und benennen",
      fields: {
        title: "Tagesstruktur im Werkhaus für Menschen ohne Werkstattplatz öffnen",
        responsibleSide: "both",
        responsiblePerson: "Berta Anbieter-B, Sabine Sozialamt",
        startDate: budgetStart,
        dueDate: dayOffset(t.today, -10),
        status: "planned",
        trafficLight: "amber",
        horizon: "short",
      },
    });
  });
  await editAt(ctx, sc, people.funder, aroundTalk(t.secondTalk, -14), (doc) => {
    appendToGoal(doc, "Ressourcen im Blick behalten und abstimmen", [kpiBlockNode("occupancyDeviationPct", t.redQuarter), kpiBlockNode("utilisationPct", t.redQuarter)]);
    appendToGoal(doc, "Leistungsberechtigte aktivieren und beteiligen", [kpiBlockNode("casesAtEnd", t.redQuarter)]);
  });
  ctx.setNow(aroundTalk(t.secondTalk, -13));
  await ctx.versions.take(sc, "named", "Kennzahlen des Quartals ergänzt", people.funder.id);
  await editAt(ctx, sc, people.providerB, t.now - 3 * DAY_MS, (doc) => {
    updateMeasure(doc, ids.werkhaus, { status: "in_progress" });
    appendToGoal(doc, "Versorgungslücken finden und benennen", [
      paragraphNode("Vier Personen aus Geestemünde warten auf einen Platz in einer Tagesstruktur; zwei davon könnten im Werkhaus beginnen."),
    ]);
  });
}

/**
 * The conference's scorecard: shared measures, the Themenspeicher topics the conference keeps
 * returning to, the next session with one topic planned into it, and a question.
 * @param ctx - the demo context
 */
export async function tellConference(ctx: DemoContext): Promise<void> {
  const { timeline: t, people } = ctx;
  const sc = ctx.scorecards.conference;
  const ids: Record<string, string> = {};
  await editAt(ctx, sc, people.funder, aroundTalk(t.firstTalk, -45), (doc) => {
    ids.channel = addMeasure(doc, {
      goal: "Gemeinsame Orte und Austauschkanäle schaffen, nutzbar für alle – auch für die Leistungsberechtigten",
      fields: {
        title: "Gemeinsamen Austauschkanal aller Träger einrichten",
        responsibleSide: "both",
        responsiblePerson: "Arbeitsgruppe Berichtswesen",
        startDate: dayOffset(t.firstTalk.date, -45),
        dueDate: dayOffset(t.today, 120),
        status: "in_progress",
        trafficLight: "green",
        horizon: "medium",
      },
      description: "Ein Ort für Termine, Angebote und freie Plätze, den auch Leistungsberechtigte nutzen können – in Leichter Sprache.",
    });
    ids.planning = addMeasure(doc, {
      goal: "Zusammenarbeiten",
      fields: {
        title: "Jahresplanung der Sitzungen der Sozialraumkonferenz",
        responsibleSide: "funder",
        responsiblePerson: "Sabine Sozialamt",
        startDate: dayOffset(t.firstTalk.date, -45),
        dueDate: dayOffset(t.firstTalk.date, -20),
        status: "done",
        trafficLight: "green",
        horizon: "short",
      },
    });
    ids.gaps = addMeasure(doc, {
      goal: "Versorgungslücken finden und benennen",
      fields: {
        title: "Versorgungslücken im Stadtteil Lehe benennen (Bedarfsanalyse)",
        responsibleSide: "funder",
        responsiblePerson: "Sabine Sozialamt",
        startDate: dayOffset(t.secondTalk.date, -30),
        dueDate: dayOffset(t.today, 60),
        status: "planned",
        horizon: "medium",
      },
    });
  });
  await editAt(ctx, sc, people.providerB, aroundTalk(t.firstTalk, -44), (doc) => {
    ids.paper = addMeasure(doc, {
      goal: "Lobbyarbeit und Personalgewinnung",
      fields: {
        title: "Positionspapier zur Personalgewinnung für den Sozialausschuss",
        responsibleSide: "both",
        responsiblePerson: "Berta Anbieter-B",
        startDate: dayOffset(t.firstTalk.date, -44),
        dueDate: dayOffset(t.today, -14),
        status: "in_progress",
        trafficLight: "amber",
        horizon: "short",
      },
      description: "Gemeinsame Forderungen der Träger: Ausbildungsplätze, Anerkennung von Quereinsteigenden, Wohnraum für Fachkräfte.",
    });
  });
  ctx.setNow(aroundTalk(t.firstTalk, -43));
  await ctx.versions.take(sc, "named", "Gemeinsame Maßnahmen der Sozialraumkonferenz", people.funder.id);

  const raise = (user: DemoContext["people"]["funder"], at: number, title: string, note: string) => {
    ctx.setNow(at);
    return ctx.topics.raise(user, sc, { title, note });
  };
  await raise(
    people.providerB,
    aroundTalk(t.secondTalk, -30),
    "Was ist gesunde Konkurrenz?",
    "Wie werben Träger im Budget um Leistungsberechtigte, ohne dass die Zusammenarbeit im Sozialraum leidet?",
  );
  const duty = await raise(
    people.funder,
    aroundTalk(t.secondTalk, -25),
    "Versorgungsverpflichtung",
    "Wer übernimmt, wenn im Sozialraum kein Träger einen Platz hat? Vor dem nächsten Budgetjahr zu klären.",
  );
  await raise(
    people.providerA,
    aroundTalk(t.secondTalk, 5),
    "Risiko und Planungssicherheit",
    "Wie werden Schwankungen der Fallzahlen im Budget aufgefangen – Flexibilisierung, Betrachtung über fünf Jahre?",
  );
  await raise(people.providerB, t.now - 12 * DAY_MS, "Berichtsform und Umfang", "Klassische Entwicklungsberichte oder andere Instrumente der Wirkungsmessung? Was entfällt im Budget?");

  ctx.setNow(t.now - 20 * DAY_MS);
  const session = await ctx.talks.schedule(
    people.funder,
    NewTalkSchema.parse({
      scorecardId: sc,
      startsAt: t.nextSession.startsAt,
      place: "Sozialamt Bremerhaven, Sitzungssaal 2",
      participants: [{ userId: people.funder.id }, { userId: people.providerA.id }, { userId: people.providerB.id }],
    }),
  );
  ctx.setNow(t.now - 7 * DAY_MS);
  await ctx.topics.plan(people.funder, sc, duty.id, session.id);

  ctx.setNow(t.now - 2 * DAY_MS);
  await ctx.comments.create(sc, people.funder, {
    anchor: { kind: "measure", measureId: ids.paper },
    text: "Das Papier ist überfällig. Wer aus den Trägern schreibt am Abschnitt zu Ausbildungsplätzen mit? Bitte bis zur Sitzung Rückmeldung.",
  });
}

/**
 * Provider A's Themenspeicher and the questions both sides send ahead of its next talk.
 * @param ctx - the demo context
 * @param story - what provider A's year left behind
 */
export async function askAheadOfTalk(ctx: DemoContext, story: ProviderAStory): Promise<void> {
  const { timeline: t, people } = ctx;
  const sc = ctx.scorecards.a;
  ctx.setNow(aroundTalk(t.secondTalk, 10));
  const impact = await ctx.topics.raise(people.providerA, sc, {
    title: "Wirkungsmessung statt Entwicklungsbericht",
    note: "Die Bewohner*innen im Workshop fanden den ressourcenorientierten Ansatz gut. Lässt sich das statt der klassischen Berichte erproben?",
  });
  ctx.setNow(aroundTalk(t.secondTalk, 12));
  await ctx.topics.raise(people.funder, sc, { title: "Flexibilisierung bei höherem HBG-Geschehen", note: "Was gilt, wenn die durchschnittliche Hilfebedarfsgruppe über der budgetierten liegt?" });
  if (story.nextTalkId) {
    ctx.setNow(t.now - 7 * DAY_MS);
    await ctx.topics.plan(people.funder, sc, impact.id, story.nextTalkId);
  }

  ctx.setNow(t.now - 3 * DAY_MS);
  await ctx.comments.create(sc, people.funder, {
    anchor: { kind: "measure", measureId: story.measures.waitingList },
    text: `Wie viele Personen stehen derzeit auf der Warteliste, und ab wann sind wieder Aufnahmen möglich? Bitte bis zum Gespräch am ${germanDate(t.nextTalk.date)}.`,
  });
  ctx.setNow(t.now - 2 * DAY_MS);
  const thread = await ctx.comments.create(sc, people.providerA, {
    anchor: { kind: "measure", measureId: story.measures.casePlanning },
    text: "Gibt es schon ein Ergebnis aus dem Abgleich mit dem Fallmanagement? Für uns ist wichtig, ob der Entwicklungsbericht im Budget entfällt.",
  });
  ctx.setNow(t.now - 1 * DAY_MS);
  await ctx.comments.reply(sc, people.funder, thread.id, "Das Fallmanagement hat eine Rückmeldung bis Ende der Woche zugesagt. Wir bringen den Stand ins Gespräch mit.");
  ctx.setNow(t.now - 1 * DAY_MS + 60 * 60 * 1000);
  await ctx.comments.create(sc, people.providerA, { anchor: { kind: "measure", measureId: story.measures.staff }, text: "Können Leasingkräfte übergangsweise als Personaleinsatz gemeldet werden?" });
}
