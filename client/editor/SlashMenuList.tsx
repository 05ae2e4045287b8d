import { forwardRef, useEffect, useImperativeHandle, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/core";
import type { SuggestionProps } from "@tiptap/suggestion";

/** One entry of the slash menu. */
export interface SlashItem {
  /** i18n key of the label. */
  labelKey: string;
  /** Words that find it when typed after "/". */
  keywords: string[];
  /** What it does. */
  run(editor: Editor): void;
}

/** What the slash menu exposes to its extension: keyboard handling. */
export interface SlashMenuListHandle {
  /** Handles arrow keys and Enter; returns whether the key was used. */
  onKeyDown(event: KeyboardEvent): boolean;
}

/** The list shown after "/", navigable with arrow keys and Enter. */
export const SlashMenuList = forwardRef<SlashMenuListHandle, SuggestionProps<SlashItem>>(function SlashMenuList({ items, command }, ref) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState(0);
  useEffect(() => setSelected(0), [items]);

  useImperativeHandle(ref, () => ({
    onKeyDown(event) {
      if (items.length === 0) return false;
      if (event.key === "ArrowDown") {
        setSelected((index) => (index + 1) % items.length);
        return true;
      }
      if (event.key === "ArrowUp") {
        setSelected((index) => (index + items.length - 1) % items.length);
        return true;
      }
      if (event.key === "Enter") {
        command(items[selected]);
        return true;
      }
      return false;
    },
  }));

  if (items.length === 0) return null;
  return (
    <div className="slash-menu" role="listbox" aria-label={t("slash.title")}>
      {items.map((item, index) => (
        <button
          key={item.labelKey}
          type="button"
          role="option"
          aria-selected={index === selected}
          className={index === selected ? "selected" : undefined}
          onMouseDown={(event) => {
            event.preventDefault();
            command(item);
          }}
        >
          {t(item.labelKey)}
        </button>
      ))}
    </div>
  );
});
