import { Node, mergeAttributes } from "@tiptap/core";

/**
 * A measure block: an atom naming its measure id. The measure's fields live in the
 * document's `measures` map (see measures.ts); the client adds a React node view.
 */
export const MeasureNode = Node.create({
  name: "measure",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return {
      measureId: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-measure-id"),
        renderHTML: (attributes) => ({ "data-measure-id": attributes.measureId }),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'div[data-type="measure"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes, { "data-type": "measure" })];
  },
});

/**
 * A KPI block: one KPI for one period. Its numbers come from the server and are never
 * stored in the block, so no participant can type over them.
 */
export const KpiBlockNode = Node.create({
  name: "kpiBlock",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return {
      kpi: {
        default: "occupancyDeviationPct",
        parseHTML: (element) => element.getAttribute("data-kpi"),
        renderHTML: (attributes) => ({ "data-kpi": attributes.kpi }),
      },
      period: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-period"),
        renderHTML: (attributes) => ({ "data-period": attributes.period }),
      },
      // The participants' explanation when the KPI is red ("red needs an answer").
      note: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-note") ?? "",
        renderHTML: (attributes) => (attributes.note ? { "data-note": attributes.note } : {}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'div[data-type="kpi-block"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes, { "data-type": "kpi-block" })];
  },
});
