import { useEffect, useId, useRef, type ReactNode } from "react";
import { createPortal } from "react-dom";
import "../versions.css";

/** Props of {@link Dialog}. */
interface DialogProps {
  /** The heading, which also names the dialog. */
  title: string;
  /** Called on Escape or when the dialog asks to close; the parent then unmounts it. */
  onClose(): void;
  /** The content. */
  children: ReactNode;
  /** Extra CSS class. */
  className?: string;
}

/**
 * A modal dialog on the native `<dialog>`: the rest of the page is inert while it is
 * open, focus moves into it (to the element marked `data-autofocus`, else the first
 * focusable one), Escape closes it, and focus returns to where it was. Rendered into
 * the body, so a dialog opened from a node view sits outside the editor's DOM. When the
 * opener is gone (a deleted item), focus goes to the page's `[data-focus-fallback]`.
 */
export function Dialog({ title, onClose, children, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // The opener may be gone with what it acted on; then the page names a fallback.
      if (opener?.isConnected) opener.focus();
      else document.querySelector<HTMLElement>("[data-focus-fallback]")?.focus();
    };
  }, []);

  return createPortal(
    <dialog
      ref={ref}
      className={`dialog${className ? ` ${className}` : ""}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Closing is the parent's decision: it unmounts the dialog.
        event.preventDefault();
        onCloseRef.current();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>,
    document.body,
  );
}
