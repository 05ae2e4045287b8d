import { CloseCode } from "../../shared/protocol/closeCodes";
import type { Logger } from "../log";
import type { Room } from "./Room";

/** What the registry needs from its owner. */
export interface RoomRegistryOptions {
  /** Makes a room, not yet loaded. */
  createRoom(scorecardId: string): Room;
  /** How long an empty room stays loaded, so a flaky reconnect does not reload it. */
  unloadDelayMs: number;
  /** Told after a room unloaded with everything stored; the session of editing it held ended here. */
  onUnloaded(scorecardId: string, lastSeq: number): void;
  /** Told whether this process has connections to a scorecard (for the other processes). */
  setOpen?(scorecardId: string, open: boolean): void;
  logger: Logger;
}

interface Entry {
  room: Room;
  /** Settles once the room is loaded; rejects when loading failed. */
  loaded: Promise<Room>;
  /** Connections and server changes using the room; it unloads only when none is left. */
  users: number;
  unloadTimer: NodeJS.Timeout | null;
}

/**
 * The loaded rooms of this process ([SYNC8], [SYNC9]): each is loaded once, however many
 * connections ask for it while it loads, and unloaded only when nobody uses it and all its
 * updates are stored. Whoever uses a room holds it (`acquire` … `release`), so a room never
 * unloads under a connection that is being attached or a change that is being made.
 */
export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: RoomRegistryOptions) {}

  /** The loaded room of a scorecard, if any. */
  get(scorecardId: string): Room | undefined {
    const room = this.entries.get(scorecardId)?.room;
    return room?.ready ? room : undefined;
  }

  /** Every room, loaded or loading. */
  all(): Room[] {
    return Array.from(this.entries.values(), (entry) => entry.room);
  }

  /** Number of rooms. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Holds a scorecard's room, loading it if needed; `release` gives it back.
   * @throws the storage's error when the room could not be loaded
   */
  async acquire(scorecardId: string): Promise<Room> {
    let entry = this.entries.get(scorecardId);
    if (!entry) {
      const room = this.options.createRoom(scorecardId);
      const loaded = room.load().then(() => room);
      entry = { room, loaded, users: 0, unloadTimer: null };
      this.entries.set(scorecardId, entry);
      const created = entry;
      loaded.catch(() => {
        if (this.entries.get(scorecardId) === created) this.entries.delete(scorecardId);
        room.destroy();
      });
    }
    entry.users += 1;
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    entry.unloadTimer = null;
    try {
      return await entry.loaded;
    } catch (error) {
      entry.users -= 1;
      throw error;
    }
  }

  /** Gives a room back; when nobody holds it, it unloads after the delay. */
  release(room: Room): void {
    const entry = this.entries.get(room.scorecardId);
    if (!entry || entry.room !== room) return;
    entry.users = Math.max(0, entry.users - 1);
    if (entry.users > 0 || entry.unloadTimer) return;
    if (entry.users === 0 && room.connections.size === 0) this.options.setOpen?.(room.scorecardId, false);
    if (this.options.unloadDelayMs <= 0) return void this.unload(entry);
    entry.unloadTimer = setTimeout(() => void this.unload(entry), this.options.unloadDelayMs);
  }

  /**
   * Drops a room whose in-memory state may be ahead of storage ([SYNC6]); clients still hold
   * their changes and send them again after reconnecting to a freshly loaded room.
   */
  fail(room: Room, error: Error, userId: string): void {
    const entry = this.entries.get(room.scorecardId);
    if (!entry || entry.room !== room) return; // already dropped
    this.options.logger.log("error", "storing an update failed; unloading the room", { scorecardId: room.scorecardId, userId, error: error.message });
    this.drop(entry, CloseCode.storageFailed, "storage failed");
  }

  /** Closes a room's connections (a deleted scorecard, a shutdown) and unloads it once its updates are stored. */
  async close(scorecardId: string, code: number, reason: string): Promise<void> {
    const entry = this.entries.get(scorecardId);
    if (!entry) return;
    for (const connection of Array.from(entry.room.connections)) connection.close(code, reason);
    entry.room.connections.clear();
    this.options.setOpen?.(scorecardId, false);
    entry.users = 0;
    await this.unload(entry);
  }

  /**
   * Unloads a room nobody holds, once everything it has is stored. Whoever acquires it
   * meanwhile keeps it loaded; after the last wait the check and the removal happen in one
   * go, so nobody joins a room that is going away.
   */
  private async unload(entry: Entry): Promise<void> {
    entry.unloadTimer = null;
    const { room } = entry;
    const unused = () => entry.users === 0 && this.entries.get(room.scorecardId) === entry;
    if (!unused()) return;
    try {
      await room.readStored(() => undefined);
      // Written while the room is still registered: whoever looks after the unload finds it.
      if (unused()) await room.checkpointIfDue();
    } catch (error) {
      // Storing failed (the room was dropped), or only the checkpoint, which merely speeds up loading.
      if (this.entries.get(room.scorecardId) !== entry) return;
      this.options.logger.log("error", "checkpoint failed", { scorecardId: room.scorecardId, error: (error as Error).message });
    }
    if (!unused()) return;
    this.entries.delete(room.scorecardId);
    try {
      this.options.onUnloaded(room.scorecardId, room.lastSeq);
    } catch (error) {
      this.options.logger.log("error", "end-of-session hook failed", { scorecardId: room.scorecardId, error: (error as Error).message });
    }
    room.destroy();
  }

  private drop(entry: Entry, code: number, reason: string): void {
    const { room } = entry;
    for (const connection of Array.from(room.connections)) connection.close(code, reason);
    room.connections.clear();
    this.options.setOpen?.(room.scorecardId, false);
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    this.entries.delete(room.scorecardId);
    room.destroy();
  }
}
