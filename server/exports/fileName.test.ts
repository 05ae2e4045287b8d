import { describe, expect, it } from "vitest";
import { exportFileName, exportLabel, safeFileNamePart } from "./fileName";

describe("exportFileName", () => {
  it("names a circulation version BSC_<Provider>_<date>_Vorabversand", () => {
    expect(exportFileName("Beispiel e.V.", "2026-03-05", exportLabel("circulation", 3), "docx")).toBe("BSC_Beispiel-e-V_2026-03-05_Vorabversand.docx");
  });

  it("transliterates umlauts and ß so the name survives mail and Windows shares", () => {
    expect(exportFileName("Sozialwerk Süd-Öst Straße GmbH", "2026-03-05", "Protokoll", "pdf")).toBe("BSC_Sozialwerk-Sued-Oest-Strasse-GmbH_2026-03-05_Protokoll.pdf");
    expect(safeFileNamePart("Café Élan / Wohnen (Demo)")).toBe("Cafe-Elan-Wohnen-Demo");
  });

  it("uses Sozialraumkonferenz when the scorecard has no provider", () => {
    expect(exportFileName(null, "2026-03-05", exportLabel("current"), "pdf")).toBe("BSC_Sozialraumkonferenz_2026-03-05_Stand.pdf");
  });

  it("keeps path separators and quotes out of the name", () => {
    const name = exportFileName('../"evil"\\name', "2026-03-05", "Stand", "docx");
    expect(name).toBe("BSC_evil-name_2026-03-05_Stand.docx");
    expect(exportFileName("€€€", "2026-03-05", "Stand", "docx")).toBe("BSC_Leistungserbringer_2026-03-05_Stand.docx");
  });

  it("labels every kind of version", () => {
    expect(exportLabel("circulation")).toBe("Vorabversand");
    expect(exportLabel("minutes")).toBe("Protokoll");
    expect(exportLabel("talk")).toBe("Gespraech");
    expect(exportLabel("talk", 4, "session")).toBe("Sitzung");
    expect(exportLabel("named", 7)).toBe("Version7");
    expect(exportLabel("auto", 8)).toBe("Version8");
    expect(exportLabel("restore", 9)).toBe("Version9");
    expect(exportLabel("current")).toBe("Stand");
  });
});
