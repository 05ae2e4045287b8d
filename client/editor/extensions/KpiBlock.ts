import { ReactNodeViewRenderer } from "@tiptap/react";
import { Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { KpiBlockNode } from "../../../shared/document/nodes";
import { defaultKpiPeriod } from "../../controlling/period";
import { KpiBlockView, type KpiBlockOptions } from "../KpiBlockView";
import { blockInsertRange } from "./insertBlock";
import type { KpiStore } from "../kpiStore";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    kpiBlock: {
      /** Inserts a KPI block at the cursor, for the last period with figures unless a period is given. */
      insertKpiBlock: (attrs?: { kpi?: string; period?: string }) => ReturnType;
    };
  }
}

/** A block this editor just inserted before the server said which months have figures. */
interface Provisional {
  /** Where the block starts, mapped through later changes. */
  pos: number;
  /** The period it was given meanwhile (the last quarter that has ended). */
  period: string;
  /** When it was inserted (ms); later answers leave the block alone. */
  at: number;
}

/** How long after inserting a block the server's first answer may still set its period. */
const PROVISIONAL_MS = 10_000;

const provisionalKey = new PluginKey<Provisional | null>("kpiProvisionalPeriod");

/** Follows a provisional block through changes; forgets it once it is gone or someone chose another period. */
function mapProvisional(tr: Transaction, previous: Provisional | null): Provisional | null {
  const meta = tr.getMeta(provisionalKey) as Provisional | null | undefined;
  const current = meta !== undefined ? meta : previous && { ...previous, pos: tr.mapping.map(previous.pos, 1) };
  if (!current) return null;
  const node = tr.doc.nodeAt(current.pos);
  return node?.type.name === "kpiBlock" && node.attrs.period === current.period ? current : null;
}

/**
 * Gives a block inserted before the server's first answer the last period with figures
 * once that answer arrives, so opening a scorecard and inserting at once starts right too.
 */
function provisionalPeriodPlugin(kpis: KpiStore): Plugin {
  return new Plugin<Provisional | null>({
    key: provisionalKey,
    state: { init: () => null, apply: (tr, previous) => mapProvisional(tr, previous) },
    view(view) {
      const stop = kpis.onChange(() => {
        const provisional = provisionalKey.getState(view.state);
        const months = kpis.reportedMonths?.() ?? null;
        if (!provisional || months === null) return;
        const tr = view.state.tr.setMeta(provisionalKey, null);
        const period = defaultKpiPeriod(months, new Date(provisional.at));
        if (period !== provisional.period && Date.now() - provisional.at < PROVISIONAL_MS && view.editable) {
          const node = view.state.doc.nodeAt(provisional.pos)!;
          tr.setNodeMarkup(provisional.pos, undefined, { ...node.attrs, period });
        }
        view.dispatch(tr);
      });
      return { destroy: stop };
    },
  });
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
        ({ state, tr, commands }) => {
          const months = this.options.kpis?.reportedMonths?.() ?? null;
          const period = attrs.period ?? defaultKpiPeriod(months, new Date());
          const range = blockInsertRange(state);
          const inserted = commands.insertContentAt(range, { type: this.name, attrs: { kpi: attrs.kpi ?? "occupancyDeviationPct", period } });
          // Chosen without the server's answer: the answer, when it comes, may still set it.
          if (inserted && !attrs.period && months === null && tr.doc.nodeAt(range.from)?.type.name === this.name) {
            tr.setMeta(provisionalKey, { pos: range.from, period, at: Date.now() } satisfies Provisional);
          }
          return inserted;
        },
    };
  },
  addProseMirrorPlugins() {
    return this.options.kpis?.reportedMonths ? [provisionalPeriodPlugin(this.options.kpis)] : [];
  },
  addKeyboardShortcuts() {
    return { "Mod-Alt-k": () => this.editor.commands.insertKpiBlock() };
  },
});
