import * as Y from "yjs";

/**
 * The Yjs client ids an update writes content under. Each editor writes under its own
 * random id; the first user seen writing under an id owns it ([SYNC15]).
 * @param update - a Yjs update (v1)
 */
export function writtenClients(update: Uint8Array): number[] {
  const { from, to } = Y.parseUpdateMeta(update);
  return Array.from(to.keys()).filter((client) => (to.get(client) ?? 0) > (from.get(client) ?? 0));
}
