/**
 * Provider A's year (Beispiel e.V.): its scorecard gets goals with measures and KPI blocks,
 * two steering talks with minutes (the second about the red quarter: a staff shortage in the
 * ambulant service), the next talk planned, and the edits and questions before it.
 */
import type { ParticipantInput } from "../../shared/domain/talks";
import { editAt, type DemoContext } from "./demoContext";
import { addMeasure, appendToGoal, explainKpi, fillOpeningParagraph, kpiBlockNode, paragraphNode, reportOn, updateMeasure } from "./demoDocument";
import { playTalk } from "./demoTalks";
import { aroundTalk, dayOffset, germanDate } from "./demoTimeline";

const GOALS = {
  involve: "Leistungsberechtigte aktivieren und beteiligen",
  resources: "Ressourcen im Blick behalten und abstimmen",
  duplicates: "Doppelstrukturen vermeiden",
  together: "Zusammenarbeiten",
  places: "Gemeinsame Orte und Austauschkanäle schaffen, nutzbar für alle – auch für die Leistungsberechtigten",
  concept: "Das Sozialraumkonzept in der Praxis kritisch weiterentwickeln",
  staff: "Lobbyarbeit und Personalgewinnung",
} as const;

const PLACE = "Beispiel e.V., Besprechungsraum Haus A, Hafenstraße 12, Bremerhaven";

/** What provider A's story leaves for the later steps (questions, topics). */
export interface ProviderAStory {
  /** The talk planned next (circulation due in a few days). */
  nextTalkId: string | null;
  /** Measures by their part in the story. */
  measures: Record<"council" | "reporting" | "casePlanning" | "waitingList" | "staff", string>;
}

/**
 * Tells provider A's year through the product's services, on the story's clock.
 * @param ctx - the demo context
 */
export async function tellProviderA(ctx: DemoContext): Promise<ProviderAStory> {
  const { timeline: t, people } = ctx;
  const sc = ctx.scorecards.a;
  const { firstTalk: t1, secondTalk: t2 } = t;
  const start = dayOffset(t1.date, -41);
  const m: Record<string, string> = {};

  await editAt(ctx, sc, people.funder, aroundTalk(t1, -42), (doc) => {
    fillOpeningParagraph(
      doc,
      GOALS.resources,
      "Belegung, Leistungswert und Personal werden je Quartal gegen das Budget gelesen. Eine Abweichung über 10 % braucht eine Antwort im Gespräch: eine Maßnahme oder eine Erläuterung.",
    );
    appendToGoal(doc, GOALS.resources, [kpiBlockNode("occupancyDeviationPct", t1.quarter), kpiBlockNode("valueDeviationPct", t1.quarter)]);
    fillOpeningParagraph(doc, GOALS.involve, "Die Leistungsberechtigten gestalten ihr Wohnen mit; ihr Wille ist die Grundlage der Assistenz.");
    appendToGoal(doc, GOALS.involve, [kpiBlockNode("casesAtEnd", t1.quarter)]);
    m.casePlanning = addMeasure(doc, {
      goal: GOALS.duplicates,
      fields: {
        title: "Hilfeplanung und Fallmanagement abgleichen: keine doppelten Berichte",
        responsibleSide: "funder",
        responsiblePerson: "Sabine Sozialamt",
        startDate: start,
        dueDate: dayOffset(t2.date, 30),
        status: "planned",
        horizon: "short",
      },
      description:
        "Welche Schritte der Zusammenarbeit mit dem Sozialamt können im Budget entfallen oder verschlankt werden? Entwicklungsbericht, Sachstandsbericht und Hilfeplan werden nebeneinandergelegt.",
    });
  });
  await editAt(ctx, sc, people.providerA, aroundTalk(t1, -41), (doc) => {
    m.council = addMeasure(doc, {
      goal: GOALS.involve,
      fields: {
        title: "Beteiligungsrat der Bewohner*innen in Haus A einrichten",
        responsibleSide: "provider",
        responsiblePerson: "Jana Jansen (Hausleitung Haus A)",
        startDate: start,
        dueDate: dayOffset(t.today, 45),
        status: "planned",
        trafficLight: "green",
        horizon: "short",
      },
      description:
        "Die Bewohner*innen wählen einen Rat, der bei Hausregeln, Freizeitangeboten und der Auswahl neuer Mitarbeitender mitspricht. Begleitet von einer Mitarbeiterin außerhalb des Gruppendienstes.",
    });
    m.inclusion = addMeasure(doc, {
      goal: GOALS.places,
      fields: {
        title: "Haus A als Teilhabe-Ort: Paketannahme und Nachbarschaftscafé",
        responsibleSide: "both",
        responsiblePerson: "Anton Anbieter-A",
        startDate: start,
        dueDate: dayOffset(t.today, 240),
        status: "planned",
        trafficLight: "green",
        horizon: "medium",
      },
      description: "„Umgekehrte Inklusion“: Die Nachbarschaft kommt ins Haus – Paketannahme für den Block, ein offenes Café am Samstag, gemeinsames Gassigehen.",
    });
    m.reporting = addMeasure(doc, {
      goal: GOALS.resources,
      fields: {
        title: "Monatliche Zahlenmeldung bis zum 10. des Folgemonats",
        responsibleSide: "provider",
        responsiblePerson: "Anton Anbieter-A",
        startDate: start,
        dueDate: dayOffset(t1.date, 20),
        status: "in_progress",
        horizon: "short",
        linkedKpis: ["occupancyDeviationPct"],
      },
    });
    m.hbgS = addMeasure(doc, {
      goal: GOALS.concept,
      fields: {
        title: "„HBG 2 + S“ im Controlling abbilden",
        responsibleSide: "both",
        responsiblePerson: "Anton Anbieter-A, Sabine Sozialamt",
        startDate: start,
        dueDate: dayOffset(t1.date, 7),
        status: "in_progress",
        horizon: "short",
        linkedKpis: ["socialSpaceCases"],
      },
      description: "Wer durch sozialräumliche Arbeit in eine niedrigere Hilfebedarfsgruppe kommt, wird mit „+S“ und der früheren Gruppe gemeldet, damit der frei gewordene Wert sichtbar wird.",
    });
  });
  ctx.setNow(aroundTalk(t1, -38));
  await ctx.versions.take(sc, "named", "Ziele und Maßnahmen abgestimmt", people.funder.id);

  const participants: ParticipantInput[] = [{ userId: people.funder.id }, { userId: people.providerA.id }, { email: "jana.jansen@beispiel-ev.demo.test", name: "Jana Jansen", side: "provider" }];
  const first = await playTalk(ctx, {
    scorecardId: sc,
    dates: t1,
    place: PLACE,
    participants,
    plannedAt: aroundTalk(t1, -35),
    chair: people.funder,
    prepare: () => editAt(ctx, sc, people.providerA, ctx.now(), (doc) => updateMeasure(doc, m.council, { status: "in_progress" })),
    meeting: () =>
      editAt(ctx, sc, people.funder, ctx.now(), (doc) => {
        reportOn(doc, m.council, t1.date, "Konzept liegt vor und wurde in der Hausversammlung vorgestellt; die Wahl folgt im nächsten Quartal.");
        reportOn(doc, m.inclusion, t1.date, "Idee aus der Sozialraumkonferenz aufgegriffen; Gespräch mit dem Quartiersmanagement Lehe ist vereinbart.");
        reportOn(doc, m.reporting, t1.date, "Die Meldung über das Formular läuft; alle Monate des Quartals liegen vor.", { status: "done", trafficLight: "green" });
        reportOn(doc, m.hbgS, t1.date, "+S-Zeilen werden gemeldet; der frei gewordene Wert erscheint in den Kennzahlen.", { status: "done", trafficLight: "green" });
        reportOn(doc, m.casePlanning, t1.date, "Liste der Doppelungen erstellt: Hilfeplan, Entwicklungsbericht, Sachstandsbericht.", { status: "in_progress", trafficLight: "green" });
      }),
    agreements: [
      {
        text: "Gemeinsame Fallkonferenzen mit dem Weser-Wohnverbund einmal im Quartal",
        owner: "Anton Anbieter-A",
        dueDate: dayOffset(t2.date, -14),
        goal: GOALS.together,
        side: "both",
        then: { status: "in_progress", trafficLight: "green", horizon: "short" },
      },
    ],
    next: { startsAt: t2.startsAt, place: PLACE },
  });
  const conferences = first.measureIds[0];

  // Between the talks: the shortage begins, the funder adds the new quarter's KPIs.
  await editAt(ctx, sc, people.providerA, aroundTalk(t2, -20), (doc) => {
    m.staff = addMeasure(doc, {
      goal: GOALS.staff,
      fields: {
        title: "Zwei Fachkraftstellen im ambulant betreuten Wohnen besetzen",
        responsibleSide: "provider",
        responsiblePerson: "Anton Anbieter-A",
        startDate: dayOffset(t2.date, -20),
        dueDate: dayOffset(t.today, 40),
        status: "in_progress",
        trafficLight: "red",
        horizon: "short",
        linkedKpis: ["staffDeviationPct"],
      },
      description: "Zwei Kündigungen zu Beginn des Quartals; seitdem Aufnahmestopp im ambulant betreuten Wohnen. Ausschreibung über das Jobportal und die Hochschule Bremerhaven.",
    });
    updateMeasure(doc, m.inclusion, { trafficLight: "amber" });
  });
  await editAt(ctx, sc, people.funder, aroundTalk(t2, -14), (doc) => {
    appendToGoal(doc, GOALS.resources, [paragraphNode(`Kennzahlen ${t2.quarter}:`), kpiBlockNode("occupancyDeviationPct", t2.quarter), kpiBlockNode("valueDeviationPct", t2.quarter)]);
    appendToGoal(doc, GOALS.staff, [kpiBlockNode("staffDeviationPct", t2.quarter)]);
    appendToGoal(doc, GOALS.involve, [kpiBlockNode("casesAtEnd", t2.quarter)]);
  });
  ctx.setNow(aroundTalk(t2, -12));
  const question = await ctx.comments.create(sc, people.funder, {
    anchor: { kind: "measure", measureId: m.reporting },
    text: "Die Zahlen des letzten Monats fehlen noch – kommen sie bis zum Vorabversand?",
  });
  ctx.setNow(aroundTalk(t2, -11.5));
  await ctx.comments.reply(sc, people.providerA, question.id, "Sind heute gemeldet worden.");
  await ctx.comments.resolve(sc, people.providerA, question.id, true);

  const second = await playTalk(ctx, {
    scorecardId: sc,
    dates: t2,
    place: PLACE,
    participants,
    plannedAt: aroundTalk(t1, 0.1),
    talkId: first.nextTalkId,
    chair: people.funder,
    absent: ["jana.jansen@beispiel-ev.demo.test"],
    approval: { decision: "approved", note: "Es liegen keine Ergänzungen oder Einwände vor. Das Protokoll wurde angenommen." },
    meeting: () =>
      editAt(ctx, sc, people.funder, ctx.now(), (doc) => {
        reportOn(doc, m.council, t2.date, "Wahl hat stattgefunden: fünf Mitglieder, die erste Sitzung ist terminiert. Der Rat möchte beim Nachbarschaftscafé mitplanen.");
        reportOn(doc, m.inclusion, t2.date, "Quartiersmanagement unterstützt. Start verschoben, bis die Personalsituation sich entspannt.", { status: "postponed" });
        reportOn(doc, m.casePlanning, t2.date, "Abstimmung mit dem Fallmanagement läuft; ein Ergebnis ist für den nächsten Monat zugesagt.", { trafficLight: "amber" });
        reportOn(doc, m.staff, t2.date, "Stellen ausgeschrieben; zwei Bewerbungsgespräche geführt.");
        reportOn(doc, conferences, t2.date, "Erste Fallkonferenz hat stattgefunden; der zweite Termin ist noch offen.", { trafficLight: "amber" });
        explainKpi(
          doc,
          "occupancyDeviationPct",
          t2.quarter,
          "Zwei Kündigungen im ambulant betreuten Wohnen, seitdem Aufnahmestopp. Gegensteuerung: Warteliste abbauen, Stellen besetzen (siehe Maßnahmen).",
        );
        appendToGoal(doc, GOALS.resources, [
          paragraphNode(
            `Steuerungsgespräch am ${germanDate(t2.date)}: Die Belegung liegt im ${t2.quarter.slice(-1)}. Quartal deutlich unter dem Budget. Der Leistungsträger weist auf die Bedeutung des frühzeitigen Austauschs hin; beide Seiten vereinbaren die folgenden Schritte.`,
          ),
        ]);
      }),
    agreements: [
      {
        text: "Aufnahmestopp im ambulant betreuten Wohnen aufheben und Warteliste abbauen",
        owner: "Anton Anbieter-A",
        dueDate: dayOffset(t.today, 25),
        goal: GOALS.resources,
        side: "provider",
        then: { status: "in_progress", trafficLight: "red", linkedKpis: ["occupancyDeviationPct"] },
      },
      {
        text: "Übergangsregelung prüfen: Budget bei vorübergehendem Personalengpass",
        owner: "Sabine Sozialamt",
        dueDate: dayOffset(t2.date, 28),
        goal: GOALS.resources,
        side: "funder",
        then: { status: "in_progress", trafficLight: "amber" },
      },
    ],
    next: { startsAt: t.nextTalk.startsAt, place: PLACE },
  });

  // Before the next talk: the provider updates its measures and saves a version.
  await editAt(ctx, sc, people.providerA, aroundTalk(t.nextTalk, -17), (doc) => {
    updateMeasure(doc, m.staff, { trafficLight: "amber" });
    appendToGoal(doc, GOALS.staff, [paragraphNode(`Stand ${germanDate(dayOffset(t.today, -6))}: Eine Stelle ist besetzt, die zweite Ausschreibung läuft noch.`)]);
  });
  ctx.setNow(aroundTalk(t.nextTalk, -16));
  await ctx.versions.take(sc, "named", `Vorbereitung Steuerungsgespräch ${germanDate(t.nextTalk.date)}`, people.providerA.id);
  return {
    nextTalkId: second.nextTalkId,
    measures: { council: m.council, reporting: m.reporting, casePlanning: m.casePlanning, waitingList: second.measureIds[0], staff: m.staff },
  };
}
