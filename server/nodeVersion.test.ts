import { describe, expect, it } from "vitest";
import { REQUIRED_NODE_MAJOR, unsupportedNodeMessage } from "./nodeVersion";

describe("the Node.js version check at start", () => {
  it("refuses Node 20 and 22 with a German and English message naming both versions", () => {
    for (const version of ["20.20.2", "22.12.0"]) {
      const message = unsupportedNodeMessage(version);
      expect(message).toContain(`Steuerrad braucht Node.js ${REQUIRED_NODE_MAJOR} oder neuer, gestartet wurde es mit Node.js ${version}.`);
      expect(message).toContain(`Steuerrad needs Node.js ${REQUIRED_NODE_MAJOR} or later`);
    }
  });

  it("accepts Node 24 and later", () => {
    expect(unsupportedNodeMessage("24.22.3")).toBeNull();
    expect(unsupportedNodeMessage("26.1.0")).toBeNull();
  });

  it("is the Node this test suite runs on", () => {
    // npm test runs on the Node 24 from node_modules; a run on the machine's older Node fails here.
    expect(unsupportedNodeMessage(process.versions.node)).toBeNull();
  });
});
