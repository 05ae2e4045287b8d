import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { de } from "./de";
import { en } from "./en";

/** Languages the UI speaks, German first. */
export const LANGUAGES = ["de", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const stored = localStorage.getItem("steuerrad.language");
const initial: Language = stored === "en" ? "en" : "de";

void i18next.use(initReactI18next).init({
  resources: { de: { translation: de }, en: { translation: en } },
  lng: initial,
  fallbackLng: "de",
  interpolation: { escapeValue: false },
});
document.documentElement.lang = initial;

/** Switches the UI language and remembers the choice. */
export function setLanguage(language: Language): void {
  localStorage.setItem("steuerrad.language", language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

export default i18next;
