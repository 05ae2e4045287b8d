import { useEffect, useRef, type InputHTMLAttributes } from "react";
import type * as Y from "yjs";
import { diffText, transformPosition, type DeltaOp } from "./textBinding";

/** Props of {@link YTextInput}: a text input's attributes plus the shared text it edits. */
interface YTextInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "defaultValue" | "onChange"> {
  /** The shared text; every keystroke becomes a minimal Yjs change. */
  text: Y.Text;
}

const LOCAL = Symbol("text-input");

/**
 * A single-line input bound to a Y.Text, so two people typing in the same field both keep
 * their characters, and a remote change never moves the local caret to the end.
 */
export function YTextInput({ text, ...inputProps }: YTextInputProps) {
  const ref = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const input = ref.current!;
    input.value = text.toString();
    const handleChange = (event: Y.YTextEvent) => {
      if (event.transaction.origin === LOCAL) return;
      const focused = document.activeElement === input;
      const start = input.selectionStart ?? 0;
      const end = input.selectionEnd ?? 0;
      input.value = text.toString();
      if (focused) {
        const delta = event.delta as DeltaOp[];
        input.setSelectionRange(transformPosition(start, delta), transformPosition(end, delta));
      }
    };
    text.observe(handleChange);
    return () => text.unobserve(handleChange);
  }, [text]);

  function handleInput(): void {
    const input = ref.current!;
    const change = diffText(text.toString(), input.value);
    if (change.remove === 0 && change.insert === "") return;
    text.doc!.transact(() => {
      if (change.remove > 0) text.delete(change.index, change.remove);
      if (change.insert) text.insert(change.index, change.insert);
    }, LOCAL);
  }

  return <input ref={ref} {...inputProps} onInput={handleInput} />;
}
