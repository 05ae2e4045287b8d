import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { listScorecards, type ScorecardRecord } from "../persistence/scorecards";
import { buildTestApp } from "../../tests/fixtures/testApp";
import { createDocumentDigests } from "./documentDigests";

let setup: Awaited<ReturnType<typeof buildTestApp>>;
let scorecards: ScorecardRecord[];

beforeAll(async () => {
  setup = await buildTestApp();
  scorecards = await listScorecards(setup.db);
});

/** A digest that counts how often it read a document. */
function counting() {
  const reads: string[] = [];
  const digests = createDocumentDigests(setup, (doc, scorecard) => {
    reads.push(scorecard.id);
    return doc.getXmlFragment(DOCUMENT_FIELD).length;
  });
  return { reads, digests };
}

describe("document digests", () => {
  it("reads each document once and again only after it changed", async () => {
    const { reads, digests } = counting();
    const first = await digests.of(scorecards, scorecards);
    expect(reads).toHaveLength(scorecards.length);
    expect(await digests.of(scorecards, scorecards)).toEqual(first);
    expect(reads).toHaveLength(scorecards.length);

    await setup.collab.change(scorecards[0].id, null, (doc) => {
      const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
      fragment.insert(fragment.length, [new Y.XmlElement("paragraph")]);
    });
    const second = await digests.of(scorecards, scorecards);
    expect(reads.slice(scorecards.length)).toEqual([scorecards[0].id]);
    expect(second[0]).toBe(first[0] + 1);
  });

  it("reads a document again when the scorecard's title changed, and only the documents asked for", async () => {
    const { reads, digests } = counting();
    await digests.of([scorecards[1]], scorecards);
    expect(reads).toEqual([scorecards[1].id]);
    await digests.of([{ ...scorecards[1], title: "Neuer Titel" }], scorecards);
    expect(reads).toEqual([scorecards[1].id, scorecards[1].id]);
  });

  it("forgets the digests of scorecards that no longer exist", async () => {
    const { reads, digests } = counting();
    await digests.of([scorecards[2]], scorecards);
    await digests.of(
      [],
      scorecards.filter((scorecard) => scorecard.id !== scorecards[2].id),
    );
    await digests.of([scorecards[2]], scorecards);
    expect(reads).toEqual([scorecards[2].id, scorecards[2].id]);
  });
});
