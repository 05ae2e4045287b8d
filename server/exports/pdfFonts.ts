/**
 * The PDF's font: Roboto (regular, medium for bold, and their italics) from the
 * `@expo-google-fonts/roboto` package, embedded in every file. It has the umlauts, "ß",
 * "€", the minus sign "−", the no-break space of the German number format and the Latin
 * Extended letters of names (Ş, ł, ğ); PDF's built-in fonts lack "−" and, not being
 * embedded, are not allowed in PDF/UA. The files are read from node_modules once and
 * nothing is fetched at run time.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The four faces a run of text can need. */
export type FontFace = "regular" | "bold" | "italic" | "boldItalic";

/** Where each face lies in the package; "bold" is Roboto Medium, as in the pdfmake exports before. */
const FILES: Record<FontFace, string> = {
  regular: "400Regular/Roboto_400Regular.ttf",
  bold: "500Medium/Roboto_500Medium.ttf",
  italic: "400Regular_Italic/Roboto_400Regular_Italic.ttf",
  boldItalic: "500Medium_Italic/Roboto_500Medium_Italic.ttf",
};

let loaded: Record<FontFace, Buffer> | null = null;

function fontFiles(): Record<FontFace, Buffer> {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const read = (face: FontFace) => readFileSync(require.resolve(`@expo-google-fonts/roboto/${FILES[face]}`));
    loaded = { regular: read("regular"), bold: read("bold"), italic: read("italic"), boldItalic: read("boldItalic") };
  }
  return loaded;
}

/**
 * Registers the four faces on a PDF document under their face names.
 * @param doc - a new PDFKit document
 */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [face, data] of Object.entries(fontFiles())) doc.registerFont(face, data);
}

/**
 * The face for a run.
 * @param bold - bold (Roboto Medium)
 * @param italic - italic
 */
export function faceOf(bold: boolean, italic: boolean): FontFace {
  if (bold) return italic ? "boldItalic" : "bold";
  return italic ? "italic" : "regular";
}
