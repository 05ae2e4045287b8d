import type { Connection } from "./Connection";
import type { InstanceBus } from "./InstanceBus";
import type { RetryPolicy } from "./RoomCommit";

/** Options of a room (`Room`: the room class, server/sync/Room.ts, given by it to keep the two files apart). */
export interface RoomOptions<Room = unknown> {
  /** Write a checkpoint on unload after this many new updates. */
  checkpointEvery: number;
  /** Largest document in bytes, encoded; a client's update that would pass it is refused. */
  maxDocumentBytes?: number;
  /** Called with the periods a connection's KPI blocks show. */
  onKpiQuery?(connection: Connection, periods: string[]): void;
  /** Called after updates of the room were stored (and relayed); `lastSeq` is current. */
  onStored?(room: Room): void;
  /** Called when storing the room's updates failed for good; the room must be unloaded ([SYNC6]). */
  onStorageFailed?(room: Room, error: Error): void;
  /** Called when a connection's message was refused or broke; the connection must be closed. */
  onMessageError?(connection: Connection, error: Error): void;
  /** Told of an error a callback threw. */
  onCallbackError?(error: Error): void;
  /** The other server processes serving the same scorecards (REDIS_URL) ([SYNC16]). */
  bus?: InstanceBus;
  /** Told when applying another process's update failed; the room reloads from storage. */
  onRemoteError?(room: Room, error: Error): void;
  /** How storing retries (tests shorten it). */
  retry?: RetryPolicy;
}
