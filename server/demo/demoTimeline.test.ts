import { describe, expect, it } from "vitest";
import { createKpiEvaluator, parseBudgetAgreement } from "../../shared/kpi";
import { berlinLocalToEpoch } from "../talks/berlinTime";
import { circulationDueAt } from "../talks/talkTimes";
import { demoAgreements, demoFigures, PROVIDER_A_PLAN, PROVIDER_B_PLAN } from "./demoFigures";
import { demoTimeline } from "./demoTimeline";

/** The first, a middle and an awkward day of every month of a year, so the story holds whenever the demo is created. */
const DAYS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, "0")).flatMap((month) => [`2026-${month}-01`, `2026-${month}-15`, `2026-${month}-28`]);

function evaluator(plan: typeof PROVIDER_A_PLAN, name: string, today: string) {
  const timeline = demoTimeline(berlinLocalToEpoch(`${today}T09:30`));
  const agreements = demoAgreements(plan, name, timeline).map((agreement) => {
    const parsed = parseBudgetAgreement(agreement);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.value;
  });
  const years = [...demoFigures(plan, timeline).values()];
  return { timeline, kpis: createKpiEvaluator({ agreements, figures: years.flatMap((y) => y.figures), staff: years.flatMap((y) => y.staff) }) };
}

describe("the demo's living year", () => {
  it("dates the talks around today: two closed ones before, the next one with its circulation still ahead", () => {
    for (const today of DAYS) {
      const t = demoTimeline(berlinLocalToEpoch(`${today}T09:30`));
      expect(t.firstTalk.date < t.secondTalk.date, today).toBe(true);
      expect(t.secondTalk.date < t.today, today).toBe(true);
      expect(circulationDueAt(t.nextTalk.at) > t.now, today).toBe(true);
      expect(t.nextTalk.date < t.nextSession.date, today).toBe(true);
      expect([0, 6]).not.toContain(new Date(`${t.nextTalk.date}T00:00:00Z`).getUTCDay());
      // Figures from January four years ago up to the month before this one.
      expect(t.months[0], today).toBe(`${t.year - 4}-01`);
      expect(t.months.at(-1)! < today.slice(0, 7), today).toBe(true);
      expect(t.months.length, today).toBe(48 + Number(today.slice(5, 7)) - 1);
    }
  });

  it("has the second talk discuss the red quarter, the last closed one, unless today is a quarter's first day", () => {
    for (const today of DAYS.filter((day) => !/-(01|04|07|10)-01$/.test(day))) {
      expect(demoTimeline(berlinLocalToEpoch(`${today}T09:30`)).secondTalk.quarter, today).toBe(demoTimeline(berlinLocalToEpoch(`${today}T09:30`)).redQuarter);
    }
  });

  it("makes provider A's last closed quarter red below budget and the quarter before it green, with cases rising over five years", () => {
    for (const today of DAYS) {
      const { timeline, kpis } = evaluator(PROVIDER_A_PLAN, "Beispiel e.V.", today);
      const red = kpis.evaluate(timeline.redQuarter);
      expect(red.corridor.occupancy, `${today} ${timeline.redQuarter}`).toEqual({ colour: "red", direction: "below" });
      const before = kpis.evaluate(timeline.firstTalk.quarter);
      expect(before.corridor.occupancy?.colour, `${today} ${timeline.firstTalk.quarter}`).toBe("green");
      const year = kpis.evaluate(`${timeline.year - 1}`);
      expect(year.trend?.years.length).toBe(4);
      expect(year.trend!.slope).toBeGreaterThan(1);
    }
  });

  it("keeps provider B, in the budget since April, within its corridor", () => {
    for (const today of DAYS.filter((day) => day >= "2026-07-01")) {
      const { timeline, kpis } = evaluator(PROVIDER_B_PLAN, "Weser-Wohnverbund gGmbH", today);
      expect(kpis.evaluate(timeline.redQuarter).corridor.occupancy?.colour, today).toBe("green");
    }
  });
});
