import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { DiffMark, DiffNode } from "../../shared/domain/versions";
import { findKpi } from "../../shared/document/kpiCatalogue";
import { formatDateTime } from "./format";

/** What every node of a compared document needs to render. */
interface RenderContext {
  /** Translation. */
  t: TFunction;
  /** UI language, for KPI names. */
  language: string;
  /** Measure titles by id, from the compare's changed measures. */
  measureTitles: ReadonlyMap<string, string>;
}

/** Containers whose HTML children may only be certain elements: their mark moves down to the children. */
const PASS_DOWN = new Set(["bulletList", "orderedList", "table", "tableRow"]);

/**
 * Whether a compared document holds any insertion or deletion.
 * @param node - the compared document or a part of it
 */
export function hasChanges(node: DiffNode): boolean {
  return Boolean(node.diff) || (node.content ?? []).some(hasChanges);
}

/**
 * Who changed it and when, as one sentence: "Eingefügt von Sabine Sozialamt, 05.03.2026, 14:07".
 * @param diff - the change
 * @param t - the translation function
 */
export function changeTitle(diff: DiffMark, t: TFunction): string {
  const attribution = diff.attribution;
  if (!attribution) return t(diff.kind === "added" ? "versions.compare.addedUnknown" : "versions.compare.removedUnknown");
  return t(diff.kind === "added" ? "versions.compare.added" : "versions.compare.removed", { name: attribution.by.name, time: formatDateTime(attribution.at) });
}

/** The person's colour as a CSS variable, for underline, strike and border. */
function personStyle(diff: DiffMark): CSSProperties {
  return { "--person": diff.attribution?.by.colour ?? "#4a5260" } as CSSProperties;
}

/** Attributes of a whole block that was added or removed: coloured border and the title. */
function blockProps(diff: DiffMark | undefined, t: TFunction, className = "") {
  if (!diff) return className ? { className } : {};
  return {
    className: `${className} diff-block diff-${diff.kind}`.trim(),
    title: changeTitle(diff, t),
    style: personStyle(diff),
    "data-diff": diff.kind,
    "data-by": diff.attribution?.by.name,
  };
}

/** The start of a change for screen readers, which often do not announce `<ins>` and `<del>`. */
function SpokenStart({ diff, t }: { diff: DiffMark | undefined; t: TFunction }) {
  if (!diff) return null;
  return <span className="visually-hidden">[{changeTitle(diff, t)}:] </span>;
}

/** A run of inserted or deleted inline content. */
function InlineChange({ diff, t, children }: { diff: DiffMark; t: TFunction; children: ReactNode }) {
  const Element = diff.kind === "added" ? "ins" : "del";
  return (
    <Element className={`diff-${diff.kind}`} title={changeTitle(diff, t)} style={personStyle(diff)} data-by={diff.attribution?.by.name}>
      <SpokenStart diff={diff} t={t} />
      {children}
      <span className="visually-hidden"> [{t("versions.compare.endOfChange")}]</span>
    </Element>
  );
}

/** Only web and mail links become clickable. */
function safeHref(href: unknown): string | null {
  return typeof href === "string" && /^(https?:\/\/|mailto:)/i.test(href) ? href : null;
}

/** A text node with its formatting marks. */
function renderText(node: DiffNode): ReactNode {
  let content: ReactNode = node.text ?? "";
  for (const mark of [...(node.marks ?? [])].reverse()) {
    switch (mark.type) {
      case "bold":
        content = <strong>{content}</strong>;
        break;
      case "italic":
        content = <em>{content}</em>;
        break;
      case "strike":
        content = <s>{content}</s>;
        break;
      case "code":
        content = <code>{content}</code>;
        break;
      case "underline":
        content = <u>{content}</u>;
        break;
      case "link": {
        const href = safeHref(mark.attrs?.href);
        content = href ? (
          <a href={href} rel="noopener noreferrer" target="_blank">
            {content}
          </a>
        ) : (
          content
        );
        break;
      }
    }
  }
  return content;
}

function children(node: DiffNode, context: RenderContext, inherited?: DiffMark): ReactNode[] {
  return (node.content ?? []).map((child, index) => <DiffNodeView key={index} node={child} context={context} inherited={inherited} />);
}

function cellSpan(value: unknown): number | undefined {
  return typeof value === "number" && value > 1 ? value : undefined;
}

/** One node of the compared document as semantic HTML. */
function DiffNodeView({ node, context, inherited }: { node: DiffNode; context: RenderContext; inherited?: DiffMark }): ReactNode {
  const { t } = context;
  const diff = node.diff ?? inherited;
  const own = PASS_DOWN.has(node.type) ? undefined : diff;
  const down = PASS_DOWN.has(node.type) ? diff : undefined;
  const props = blockProps(diff, t);
  const start = <SpokenStart diff={own} t={t} />;

  switch (node.type) {
    case "doc":
      return <>{children(node, context)}</>;
    case "text":
      return diff ? (
        <InlineChange diff={diff} t={t}>
          {renderText(node)}
        </InlineChange>
      ) : (
        renderText(node)
      );
    case "hardBreak":
      return diff ? (
        <InlineChange diff={diff} t={t}>
          <br />
        </InlineChange>
      ) : (
        <br />
      );
    case "paragraph":
      return (
        <p {...props}>
          {start}
          {children(node, context)}
        </p>
      );
    case "heading": {
      const level = typeof node.attrs?.level === "number" ? node.attrs.level : 2;
      // Below the page's title and its "Dokument" section; the class keeps the document's look.
      const Heading = `h${Math.min(6, Math.max(1, level) + 2)}` as "h3";
      return (
        <Heading {...blockProps(diff, t, `doc-h${level}`)}>
          {start}
          {children(node, context)}
        </Heading>
      );
    }
    case "bulletList":
      return <ul {...props}>{children(node, context, down)}</ul>;
    case "orderedList":
      return (
        <ol {...props} start={typeof node.attrs?.start === "number" ? node.attrs.start : undefined}>
          {children(node, context, down)}
        </ol>
      );
    case "listItem":
      return (
        <li {...props}>
          {start}
          {children(node, context)}
        </li>
      );
    case "blockquote":
      return (
        <blockquote {...props}>
          {start}
          {children(node, context)}
        </blockquote>
      );
    case "codeBlock":
      return (
        <pre {...props}>
          {start}
          <code>{children(node, context)}</code>
        </pre>
      );
    case "horizontalRule":
      return (
        <div {...blockProps(diff, t, "diff-rule")}>
          {start}
          <hr />
        </div>
      );
    case "table":
      return (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t("versions.scrollTable")}>
          <table {...blockProps(diff, t, "diff-table")}>
            <tbody>{children(node, context, down)}</tbody>
          </table>
        </div>
      );
    case "tableRow":
      return <tr {...props}>{children(node, context, down)}</tr>;
    case "tableHeader":
    case "tableCell": {
      const Cell = node.type === "tableHeader" ? "th" : "td";
      return (
        <Cell {...props} colSpan={cellSpan(node.attrs?.colspan)} rowSpan={cellSpan(node.attrs?.rowspan)}>
          {start}
          {children(node, context)}
        </Cell>
      );
    }
    case "measure": {
      const id = typeof node.attrs?.measureId === "string" ? node.attrs.measureId : null;
      const title = id ? context.measureTitles.get(id) : undefined;
      return (
        <div {...blockProps(diff, t, "diff-box diff-measure")} data-measure-id={id ?? undefined}>
          {start}
          <span className="diff-box-kind">{t("versions.compare.measureBox")}</span>
          {title ? <span className="diff-box-title">{title}</span> : null}
        </div>
      );
    }
    case "kpiBlock": {
      const key = String(node.attrs?.kpi ?? "");
      const kpi = findKpi(key);
      const note = typeof node.attrs?.note === "string" ? node.attrs.note : "";
      return (
        <div {...blockProps(diff, t, "diff-box diff-kpi")}>
          {start}
          <span className="diff-box-kind">{t("versions.compare.kpiBox")}</span>
          <span className="diff-box-title">
            {kpi ? (context.language === "en" ? kpi.en : kpi.de) : key}
            {node.attrs?.period ? ` · ${String(node.attrs.period)}` : ""}
          </span>
          {note && <p className="diff-box-note">{note}</p>}
        </div>
      );
    }
    default:
      return (
        <div {...props}>
          {start}
          {node.text}
          {children(node, context)}
        </div>
      );
  }
}

/** Props of {@link DiffDocument}. */
interface DiffDocumentProps {
  /** The compared document. */
  document: DiffNode;
  /** Measure titles by id. */
  measureTitles: ReadonlyMap<string, string>;
}

/**
 * A compared document like tracked changes: insertions in `<ins>`, deletions in `<del>`
 * (both in the person's colour, with who and when as title and as hidden text for
 * screen readers), whole added or removed blocks with a coloured left border.
 */
export function DiffDocument({ document, measureTitles }: DiffDocumentProps) {
  const { t, i18n } = useTranslation();
  return (
    <div className="diff-document scorecard-prose">
      <DiffNodeView node={document} context={{ t, language: i18n.language, measureTitles }} />
    </div>
  );
}
