import { ReactNodeViewRenderer } from "@tiptap/react";
import { KpiBlockNode } from "../../../shared/document/nodes";
import { KpiBlockView } from "../KpiBlockView";
import { blockInsertRange } from "./insertBlock";
import type { KpiStore } from "../kpiStore";

/** Options of the client's KPI block. */
export interface KpiBlockOptions {
  /** Where the block gets the server's values from. */
  kpis: KpiStore | null;
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    kpiBlock: {
      /** Inserts a KPI block for the current quarter at the cursor. */
      insertKpiBlock: (attrs?: { kpi?: string; period?: string }) => ReturnType;
    };
  }
}

/** The quarter containing a date, e.g. "2026-Q4". */
export function currentQuarter(date = new Date()): string {
  return `${date.getFullYear()}-Q${Math.floor(date.getMonth() / 3) + 1}`;
}

/** The KPI block in the editor: the shared node, its React view and the insert command (Mod-Alt-K). */
export const KpiBlock = KpiBlockNode.extend<KpiBlockOptions>({
  addOptions() {
    return { kpis: null };
  },
  addNodeView() {
    return ReactNodeViewRenderer(KpiBlockView);
  },
  addCommands() {
    return {
      insertKpiBlock:
        (attrs = {}) =>
        ({ state, commands }) =>
          commands.insertContentAt(blockInsertRange(state), {
            type: this.name,
            attrs: { kpi: attrs.kpi ?? "occupancyDeviationPct", period: attrs.period ?? currentQuarter() },
          }),
    };
  },
  addKeyboardShortcuts() {
    return { "Mod-Alt-k": () => this.editor.commands.insertKpiBlock() };
  },
});
