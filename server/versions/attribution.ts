import * as Y from "yjs";
import type { StoredUpdate } from "../persistence/docUpdates";

/** Who stored an update, and when. */
export interface UpdateOrigin {
  /** The authenticated user, or null for the system. */
  userId: string | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** The stored update's sequence number. */
  seq: number;
}

interface Range {
  clock: number;
  end: number;
  origin: UpdateOrigin;
}

/**
 * Finds which stored update inserted or deleted a piece of a Yjs document. Every Yjs
 * item has an id (client, clock) and every stored update says which id ranges it
 * inserted and which it deleted, so attribution comes from the server's log of
 * authenticated users, never from what a client claims about itself.
 */
export class AttributionIndex {
  private readonly inserts = new Map<number, Range[]>();
  private readonly deletes = new Map<number, Range[]>();
  private sorted = true;

  /** Adds one stored update. */
  add(update: StoredUpdate): void {
    const origin: UpdateOrigin = { userId: update.userId, createdAt: update.createdAt, seq: update.seq };
    const { structs, ds } = Y.decodeUpdate(update.data);
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      push(this.inserts, struct.id.client, struct.id.clock, struct.length, origin);
    }
    for (const [client, deleted] of ds.clients) {
      for (const item of deleted) push(this.deletes, client, item.clock, item.len, origin);
    }
    this.sorted = false;
  }

  /** The update that inserted the item with this id, or null when it is older than the index. */
  insertedBy(id: Y.ID): UpdateOrigin | null {
    return this.find(this.inserts, id);
  }

  /** The update that deleted the item with this id, or null. */
  deletedBy(id: Y.ID): UpdateOrigin | null {
    return this.find(this.deletes, id);
  }

  /**
   * Clocks strictly inside (clock, end) where the inserting or deleting update changes,
   * so a merged run of text can be cut into pieces of one update each.
   */
  boundaries(client: number, clock: number, end: number, into: number[]): void {
    this.sortIfNeeded();
    for (const ranges of [this.inserts.get(client), this.deletes.get(client)]) {
      if (!ranges) continue;
      for (let i = firstEndingAfter(ranges, clock); i < ranges.length && ranges[i].clock < end; i++) {
        if (ranges[i].clock > clock) into.push(ranges[i].clock);
        if (ranges[i].end < end) into.push(ranges[i].end);
      }
    }
  }

  private sortIfNeeded(): void {
    if (!this.sorted) {
      for (const list of this.inserts.values()) list.sort((a, b) => a.clock - b.clock);
      for (const list of this.deletes.values()) list.sort((a, b) => a.clock - b.clock);
      this.sorted = true;
    }
  }

  private find(ranges: Map<number, Range[]>, id: Y.ID): UpdateOrigin | null {
    if (!this.sorted) {
      for (const list of this.inserts.values()) list.sort((a, b) => a.clock - b.clock);
      for (const list of this.deletes.values()) list.sort((a, b) => a.clock - b.clock);
      this.sorted = true;
    }
    const list = ranges.get(id.client);
    if (!list) return null;
    // The last range starting at or before the clock; ranges of one client do not overlap.
    let low = 0;
    let high = list.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (list[middle].clock <= id.clock) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found >= 0 && id.clock < list[found].end ? list[found].origin : null;
  }
}

/** Index of the first range (sorted by clock, not overlapping) that ends after `clock`. */
function firstEndingAfter<T>(ranges: readonly T[], clock: number, endOf: (range: T) => number = (range) => (range as Range).end): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (endOf(ranges[middle]) <= clock) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Clocks strictly inside (clock, end) where a snapshot's knowledge or deletions of this
 * client change: Yjs merges neighbouring items, so one item may straddle a snapshot.
 */
export function snapshotBoundaries(snapshot: Y.Snapshot, client: number, clock: number, end: number, into: number[]): void {
  const known = snapshot.sv.get(client) ?? 0;
  if (known > clock && known < end) into.push(known);
  const deleted = snapshot.ds.clients.get(client);
  if (!deleted) return;
  for (let i = firstEndingAfter(deleted, clock, (d) => d.clock + d.len); i < deleted.length && deleted[i].clock < end; i++) {
    if (deleted[i].clock > clock) into.push(deleted[i].clock);
    if (deleted[i].clock + deleted[i].len < end) into.push(deleted[i].clock + deleted[i].len);
  }
}

/** Whether the piece starting at this id existed and was not deleted in a snapshot. */
export function isVisibleAt(client: number, clock: number, snapshot: Y.Snapshot): boolean {
  return (snapshot.sv.get(client) ?? 0) > clock && !Y.isDeleted(snapshot.ds, Y.createID(client, clock));
}

function push(map: Map<number, Range[]>, client: number, clock: number, length: number, origin: UpdateOrigin): void {
  let list = map.get(client);
  if (!list) {
    list = [];
    map.set(client, list);
  }
  list.push({ clock, end: clock + length, origin });
}

/** Whether an item existed and was not deleted in a snapshot (Yjs does not export its own). */
export function isVisible(item: Y.Item, snapshot: Y.Snapshot): boolean {
  const known = snapshot.sv.get(item.id.client) ?? 0;
  return known > item.id.clock && !Y.isDeleted(snapshot.ds, item.id);
}

/** A change to some part of the document between two snapshots. */
export interface ItemChange {
  /** Inserted after the older snapshot, or deleted after it. */
  kind: "added" | "removed";
  /** The update that did it, or null when the log does not reach back. */
  origin: UpdateOrigin | null;
}

/**
 * Every insertion and deletion inside a shared type between two snapshots, at any
 * depth (map entries including overwritten values, list and text items, nested types).
 * @param type - e.g. one field of a measure
 * @param before - the older snapshot
 * @param after - the newer snapshot
 * @param index - attribution of the updates in between
 */
export function changesWithin(type: Y.AbstractType<unknown>, before: Y.Snapshot, after: Y.Snapshot, index: AttributionIndex): ItemChange[] {
  const changes: ItemChange[] = [];
  const visit = (item: Y.Item) => {
    const wasThere = isVisible(item, before);
    const isThere = isVisible(item, after);
    if (!wasThere && isThere) changes.push({ kind: "added", origin: index.insertedBy(item.id) });
    else if (wasThere && !isThere) changes.push({ kind: "removed", origin: index.deletedBy(item.id) });
    if (item.content instanceof Y.ContentType) visitType(item.content.type);
  };
  const visitType = (inner: Y.AbstractType<unknown>) => {
    for (const entry of inner._map.values()) for (let item: Y.Item | null = entry; item; item = item.left) visit(item);
    for (let item = inner._start; item; item = item.right) visit(item);
  };
  visitType(type);
  return changes;
}

/** Changes of one map entry (all values it had) and everything inside them. */
export function changesOfEntry(map: Y.Map<unknown>, key: string, before: Y.Snapshot, after: Y.Snapshot, index: AttributionIndex): ItemChange[] {
  const changes: ItemChange[] = [];
  for (let item: Y.Item | null = map._map.get(key) ?? null; item; item = item.left) {
    const wasThere = isVisible(item, before);
    const isThere = isVisible(item, after);
    if (!wasThere && isThere) changes.push({ kind: "added", origin: index.insertedBy(item.id) });
    else if (wasThere && !isThere) changes.push({ kind: "removed", origin: index.deletedBy(item.id) });
    if (item.content instanceof Y.ContentType) changes.push(...changesWithin(item.content.type, before, after, index));
  }
  return changes;
}
