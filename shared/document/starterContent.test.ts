import { describe, expect, it } from "vitest";
import { starterContent } from "./starterContent";

const text = (json: ReturnType<typeof starterContent>) => JSON.stringify(json);

describe("starterContent", () => {
  it("calls a provider's scorecard the minutes of its steering talks, the conference's those of its sessions", () => {
    expect(text(starterContent("BSC Beispiel", true))).toContain("zugleich das Protokoll der Steuerungsgespräche.");
    expect(text(starterContent("BSC Beispiel", true))).not.toContain("Sitzungen");
    expect(text(starterContent("BSC Sozialraumkonferenz", true, true))).toContain("zugleich das Protokoll der Sitzungen der Sozialraumkonferenz.");
  });
});
