import { describe, expect, it } from "vitest";
import { canLockQuarters, canReadControlling, canReopenQuarters, canWriteAgreements, canWriteFigures, controllingRights } from "./controllingPermissions";
import type { Principal } from "./permissions";

const funderEditor: Principal = { organisationId: "f", organisationKind: "funder", role: "editor", disabledAt: null };
const funderViewer: Principal = { ...funderEditor, role: "viewer" };
const editorA: Principal = { organisationId: "a", organisationKind: "provider", role: "editor", disabledAt: null };
const viewerA: Principal = { ...editorA, role: "viewer" };

describe("controllingRights", () => {
  it("lets every funder user read every provider", () => {
    expect(canReadControlling(funderEditor, "a")).toBe(true);
    expect(canReadControlling(funderViewer, "b")).toBe(true);
  });

  it("lets provider users read their own provider only", () => {
    expect(canReadControlling(viewerA, "a")).toBe(true);
    expect(canReadControlling(editorA, "b")).toBe(false);
    expect(controllingRights(editorA, "b")).toEqual({ read: false, writeFigures: false, writeAgreements: false, lock: false, reopen: false });
  });

  it("lets editors of the provider and of the funder write figures, but not viewers", () => {
    expect(canWriteFigures(editorA, "a")).toBe(true);
    expect(canWriteFigures(funderEditor, "a")).toBe(true);
    expect(canWriteFigures(viewerA, "a")).toBe(false);
    expect(canWriteFigures(funderViewer, "a")).toBe(false);
    expect(canWriteFigures(editorA, "b")).toBe(false);
  });

  it("keeps agreements, locking and reopening to funder editors", () => {
    for (const check of [canWriteAgreements, canLockQuarters, canReopenQuarters]) {
      expect(check(funderEditor, "a")).toBe(true);
      expect(check(funderViewer, "a")).toBe(false);
      expect(check(editorA, "a")).toBe(false);
      expect(check(viewerA, "a")).toBe(false);
    }
  });

  it("does not treat a funder organisation id as a provider of its own", () => {
    expect(controllingRights({ ...editorA, organisationKind: "funder", role: "viewer" }, "a").writeFigures).toBe(false);
  });

  it("gives a disabled user nothing, funder editors included", () => {
    expect(controllingRights({ ...funderEditor, disabledAt: 1 }, "a").read).toBe(false);
    expect(controllingRights({ ...editorA, disabledAt: 1 }, "a").read).toBe(false);
  });
});
