import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { SEARCH_QUERY_LIMITS } from "../../shared/domain/search";
import { navigate, paths } from "../routes";
import { requestResultsFocus } from "./focusIntent";
import "../search.css";

/**
 * The longest search text, `SEARCH_QUERY_LIMITS.max` (the type checks that they agree):
 * importing the value would bring zod (that module's schema) into the first load.
 */
const MAX_QUERY: (typeof SEARCH_QUERY_LIMITS)["max"] = 100;

/** Whether a key press goes into something the user types in (where "/" is a character). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Props of {@link HeaderSearch}. */
interface HeaderSearchProps {
  /** The text of the search shown, if the results page is open. */
  query: string;
}

/**
 * The search box in the header, on every page: Enter opens the results page. "/" (outside
 * text fields, where it is a character and opens the editor's block menu) and Ctrl+K
 * anywhere put the caret into it, as in Notion, GitHub or Outline.
 */
export function HeaderSearch({ query }: HeaderSearchProps) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(query);

  useEffect(() => setText(query), [query]);

  useEffect(() => {
    const handleKey = (event: KeyboardEvent) => {
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target);
      const ctrlK = event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
      if (!slash && !ctrlK) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener("keydown", handleKey);
    return () => document.removeEventListener("keydown", handleKey);
  }, []);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const wanted = text.trim();
    // The results page explains a too short text; an empty box stays where it is.
    if (wanted.length === 0) return;
    requestResultsFocus();
    navigate(paths.search(wanted.slice(0, MAX_QUERY)));
  }

  return (
    <form role="search" className="header-search" aria-label={t("search.box.label")} onSubmit={handleSubmit}>
      <label>
        <span className="visually-hidden">{t("search.box.label")}</span>
        <input
          ref={input}
          type="search"
          value={text}
          maxLength={MAX_QUERY}
          placeholder={t("search.box.placeholder")}
          aria-keyshortcuts="/ Control+K"
          title={t("search.box.shortcut")}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <button type="submit">{t("search.box.submit")}</button>
    </form>
  );
}
