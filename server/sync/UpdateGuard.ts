import * as Y from "yjs";
import { writtenClients } from "../persistence/docClients";
import { DocumentTooLargeError } from "./messages";

/**
 * What a room knows to refuse a client's update before and after applying it ([SYNC15]):
 * who owns each client id written under (kept equal to the stored owners) and a bound on
 * the document's encoded size (the stored parts' sizes plus every update since, never less
 * than the encoded document, so it is measured only when the bound passes the limit).
 */
export class UpdateGuard {
  private owners = new Map<number, string | null>();
  private sizeBound = 0;

  constructor(private readonly maxDocumentBytes: number | undefined) {}

  /** Starts again from what a load read: the stored owners and the sizes of the loaded parts. */
  reset(owners: Map<number, string | null>, partBytes: number): void {
    this.owners = owners;
    this.sizeBound = partBytes;
  }

  /**
   * Makes the user the owner of every client id the update first writes under (as the store does).
   * @returns the client ids that had no owner before, for the store to record
   */
  noteWritten(update: Uint8Array, userId: string | null): number[] {
    const unowned = writtenClients(update).filter((client) => !this.owners.has(client));
    for (const client of unowned) this.owners.set(client, userId);
    return unowned;
  }

  /** Adds owners another process or storage knows of. */
  learnOwners(owners: Map<number, string | null>): void {
    for (const [client, userId] of owners) if (!this.owners.has(client)) this.owners.set(client, userId);
  }

  /** Counts an update applied without a check (another process's). */
  grow(bytes: number): void {
    this.sizeBound += bytes;
  }

  /**
   * Names a client id under which the update brings new content although it belongs to
   * another user: content under someone else's id and numbers would push out that editor's
   * offline changes, and copies would drift apart for good. Content the document already
   * has may come again from anyone.
   */
  foreignClient(doc: Y.Doc, update: Uint8Array, userId: string): string | null {
    const { to } = Y.parseUpdateMeta(update);
    for (const [client, clock] of to) {
      if (clock <= Y.getState(doc.store, client) || !this.owners.has(client)) continue;
      if (this.owners.get(client) !== userId) return `writes under client id ${client}, which belongs to another editor`;
    }
    return null;
  }

  /**
   * Refuses an update that makes the document larger than allowed.
   * @throws DocumentTooLargeError
   */
  checkSize(doc: Y.Doc, integrated: Uint8Array[]): void {
    const limit = this.maxDocumentBytes;
    if (limit === undefined) return;
    for (const part of integrated) this.sizeBound += part.byteLength;
    if (this.sizeBound <= limit) return;
    this.sizeBound = Y.encodeStateAsUpdate(doc).byteLength;
    if (this.sizeBound > limit) throw new DocumentTooLargeError(`the scorecard would be larger than ${limit} bytes`);
  }
}
