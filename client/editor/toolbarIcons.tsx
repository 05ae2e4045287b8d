/**
 * Toolbar icons as inline SVG: a glyph such as 🔗 needs an emoji font and shows as an
 * empty box on machines without one. Each is decorative; its button says the action.
 */

/** Two chain links: set or remove a link. */
export function LinkIcon() {
  return (
    <svg className="toolbar-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="M6.6 9.4l2.8-2.8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      <path d="M7.3 4.6l1.2-1.2a2.8 2.8 0 014 4l-1.2 1.2M8.7 11.4l-1.2 1.2a2.8 2.8 0 01-4-4l1.2-1.2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

/** A three by three grid: insert a table. */
export function TableIcon() {
  return (
    <svg className="toolbar-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <rect x="1.5" y="2.5" width="13" height="11" rx="1" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M1.5 6.2h13M1.5 9.8h13M5.8 2.5v11M10.2 2.5v11" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
}
