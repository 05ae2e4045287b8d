/**
 * Scrolls the scorecard editor to a measure and puts the focus on its title, so the
 * keyboard and screen reader follow too (measure nodes carry `data-measure-id`).
 * @param measureId - the measure
 * @returns whether the measure was found in the editor
 */
export function showMeasure(measureId: string): boolean {
  const block = document.querySelector<HTMLElement>(`.scorecard-prose .measure-block[data-measure-id="${CSS.escape(measureId)}"]`);
  if (!block) return false;
  block.scrollIntoView({ block: "center" });
  (block.querySelector<HTMLElement>("input, select, textarea, button") ?? block).focus({ preventScroll: true });
  return true;
}
