import { useId, useRef, type KeyboardEvent, type ReactNode } from "react";

/** One tab. */
export interface TabSpec<T extends string> {
  /** Id of the tab. */
  id: T;
  /** Its visible label. */
  label: string;
}

/** Props of {@link Tabs}. */
interface TabsProps<T extends string> {
  /** Accessible name of the tab list. */
  label: string;
  /** The tabs, in order. */
  tabs: TabSpec<T>[];
  /** The selected tab. */
  selected: T;
  /** Called with the tab to select. */
  onSelect(id: T): void;
  /** The selected tab's content. */
  children: ReactNode;
}

/**
 * WAI-ARIA tabs: arrow keys, Home and End move between tabs (roving tab index); Tab goes
 * into the panel.
 */
export function Tabs<T extends string>({ label, tabs, selected, onSelect, children }: TabsProps<T>) {
  const base = useId();
  const refs = useRef(new Map<T, HTMLButtonElement>());

  function handleKey(event: KeyboardEvent, index: number) {
    const last = tabs.length - 1;
    const target = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const tab = tabs[target];
    onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  }

  return (
    <>
      <div role="tablist" aria-label={label} className="controlling-tabs">
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            ref={(element) => {
              if (element) refs.current.set(tab.id, element);
              else refs.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${tab.id}`}
            aria-selected={tab.id === selected}
            aria-controls={`${base}-panel`}
            tabIndex={tab.id === selected ? 0 : -1}
            onClick={() => onSelect(tab.id)}
            onKeyDown={(event) => handleKey(event, index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${selected}`} tabIndex={0} className="controlling-panel">
        {children}
      </div>
    </>
  );
}
