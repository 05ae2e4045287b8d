import { describe, expect, it } from "vitest";
import { scorecardAccess, type Principal } from "./permissions";

const funderEditor: Principal = { organisationId: "f", organisationKind: "funder", role: "editor", disabledAt: null };
const providerA: Principal = { organisationId: "a", organisationKind: "provider", role: "editor", disabledAt: null };
const viewerA: Principal = { ...providerA, role: "viewer" };

describe("scorecardAccess", () => {
  it("gives the funder edit access to every provider's scorecard and the conference one", () => {
    expect(scorecardAccess(funderEditor, { providerId: "a" })).toBe("edit");
    expect(scorecardAccess(funderEditor, { providerId: "b" })).toBe("edit");
    expect(scorecardAccess(funderEditor, { providerId: null })).toBe("edit");
  });

  it("gives a provider its own and the conference scorecard, never another provider's", () => {
    expect(scorecardAccess(providerA, { providerId: "a" })).toBe("edit");
    expect(scorecardAccess(providerA, { providerId: null })).toBe("edit");
    expect(scorecardAccess(providerA, { providerId: "b" })).toBeNull();
  });

  it("gives viewers read access only", () => {
    expect(scorecardAccess(viewerA, { providerId: "a" })).toBe("read");
    expect(scorecardAccess({ ...funderEditor, role: "viewer" }, { providerId: "b" })).toBe("read");
  });

  it("gives a removed user nothing", () => {
    expect(scorecardAccess({ ...funderEditor, disabledAt: 1 }, { providerId: null })).toBeNull();
  });
});
