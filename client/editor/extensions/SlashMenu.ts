import { Extension, type Editor, type Range } from "@tiptap/core";
import Suggestion, { type SuggestionProps, type SuggestionKeyDownProps } from "@tiptap/suggestion";
import { ReactRenderer } from "@tiptap/react";
import { computePosition, flip, shift } from "@floating-ui/dom";
import { SlashMenuList, type SlashItem, type SlashMenuListHandle } from "../SlashMenuList";

/** The blocks the slash menu offers, measures first: they are what a steering talk is about. */
export const SLASH_ITEMS: SlashItem[] = [
  { labelKey: "slash.measure", keywords: ["massnahme", "maßnahme", "measure"], run: (e) => e.chain().focus().insertMeasure({}).run() },
  { labelKey: "slash.kpi", keywords: ["kennzahl", "kpi"], run: (e) => e.chain().focus().insertKpiBlock().run() },
  { labelKey: "slash.perspective", keywords: ["perspektive", "perspective", "h2"], run: (e) => e.chain().focus().setHeading({ level: 2 }).run() },
  { labelKey: "slash.goal", keywords: ["ziel", "goal", "h3"], run: (e) => e.chain().focus().setHeading({ level: 3 }).run() },
  { labelKey: "slash.bulletList", keywords: ["liste", "aufzählung", "list"], run: (e) => e.chain().focus().toggleBulletList().run() },
  { labelKey: "slash.table", keywords: ["tabelle", "table"], run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
];

/** Filters the slash items by what was typed after "/". */
export function filterSlashItems(query: string): SlashItem[] {
  const q = query.toLowerCase();
  return SLASH_ITEMS.filter((item) => q === "" || item.keywords.some((keyword) => keyword.startsWith(q)));
}

/** Typing "/" opens a menu of blocks to insert (measure, KPI, perspective, goal, list, table). */
export const SlashMenu = Extension.create({
  name: "slashMenu",
  addProseMirrorPlugins() {
    return [
      Suggestion<SlashItem>({
        editor: this.editor,
        char: "/",
        items: ({ query }) => filterSlashItems(query),
        command: ({ editor, range, props }: { editor: Editor; range: Range; props: SlashItem }) => {
          editor.chain().focus().deleteRange(range).run();
          props.run(editor);
        },
        render: () => {
          let renderer: ReactRenderer<SlashMenuListHandle> | null = null;
          const place = (props: SuggestionProps<SlashItem>) => {
            const rect = props.clientRect?.();
            const element = renderer?.element as HTMLElement | undefined;
            if (!rect || !element) return;
            const reference = { getBoundingClientRect: () => rect };
            void computePosition(reference, element, { placement: "bottom-start", middleware: [flip(), shift()] }).then(({ x, y }) => {
              Object.assign(element.style, { left: `${x}px`, top: `${y}px` });
            });
          };
          return {
            onStart: (props) => {
              renderer = new ReactRenderer(SlashMenuList, { props, editor: props.editor });
              const element = renderer.element as HTMLElement;
              element.style.position = "absolute";
              document.body.append(element);
              place(props);
            },
            onUpdate: (props) => {
              renderer?.updateProps(props);
              place(props);
            },
            onKeyDown: (props: SuggestionKeyDownProps) => {
              if (props.event.key === "Escape") {
                renderer?.destroy();
                renderer?.element.remove();
                renderer = null;
                return true;
              }
              return renderer?.ref?.onKeyDown(props.event) ?? false;
            },
            onExit: () => {
              renderer?.element.remove();
              renderer?.destroy();
              renderer = null;
            },
          };
        },
      }),
    ];
  },
});
