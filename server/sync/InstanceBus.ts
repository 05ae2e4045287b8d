import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/**
 * What one server process tells the others about a scorecard ([SYNC16]–[SYNC21]):
 * - `update`: a document update this process stored with sequence number `seq` for `userId`;
 * - `awareness`: an awareness update (carets, presence) of this process's own connections;
 * - `awarenessQuery`: "I just loaded this room, tell me your connections' awareness states";
 * - `catchUp`: "I stored updates while the bus was down; read what you missed from storage";
 * - `notice`: a server message for every connection to the scorecard that understands
 *   Steuerrad's own messages, e.g. `talkChanged` ([SYNC25]); relayed as it is.
 */
export type BusMessage =
  | { kind: "update"; seq: number; userId: string | null; update: Uint8Array }
  | { kind: "awareness"; update: Uint8Array }
  | { kind: "awarenessQuery" }
  | { kind: "catchUp" }
  | { kind: "notice"; message: Uint8Array };

/**
 * What one server process tells all others, whatever the scorecard: sessions that ended, a
 * user whose rights changed, a scorecard that was deleted ([SYNC23]), and a provider whose
 * KPI inputs changed, or with `providerId: null` every provider's ([SYNC27]).
 */
export type ControlMessage =
  { kind: "closeSessions"; sessionIds: string[] } | { kind: "refreshUser"; userId: string } | { kind: "closeScorecard"; scorecardId: string } | { kind: "figuresChanged"; providerId: string | null };

/**
 * The channel between the server processes that serve the same scorecards. Without
 * REDIS_URL there is none at all and every code path is the single-process one.
 */
export interface InstanceBus {
  /** This process's id; messages it published never come back to its own handlers. */
  readonly instanceId: string;
  /** Sends a message to every other process; failures are logged, never thrown. */
  publish(scorecardId: string, message: BusMessage): void;
  /**
   * Registers the handler for a scorecard's messages from other processes, effective at
   * once (the process-wide subscription is in place before the server accepts connections).
   * @returns the function that removes the handler again
   */
  subscribe(scorecardId: string, handler: (message: BusMessage) => void): () => void;
  /** Sends a control message to every other process; failures are logged, never thrown. */
  publishControl(message: ControlMessage): void;
  /** Registers the handler of other processes' control messages. */
  onControl(handler: (message: ControlMessage) => void): void;
  /** Called after the connection to the bus came back from an outage: messages may be lost. */
  onReconnect(callback: () => void): void;
  /**
   * Marks whether this process has connections to a scorecard, so another process can tell
   * whether the scorecard's last editor left everywhere. Kept alive while marked.
   */
  setOpen(scorecardId: string, open: boolean): void;
  /** Whether another (living) process has connections to the scorecard; rejects when the bus is down. */
  othersHaveOpen(scorecardId: string): Promise<boolean>;
  /**
   * Records that this process holds `countHere` connections of a user (the new one included),
   * but only if they and the other living processes' connections of the user stay within
   * `limit`. Atomic in Redis, so two processes never both take the last place ([SYNC-A4]).
   * @returns whether the new connection may open; rejects when the bus is down
   */
  claimUserConnection(userId: string, countHere: number, limit: number): Promise<boolean>;
  /** Records how many connections of a user this process holds now (0 removes it); kept alive while above 0. */
  setUserConnections(userId: string, count: number): void;
  /** Whether the bus is up as far as this process knows (false from an outage until it is back). */
  reachable(): boolean;
  /** Stops publishing and subscribing. */
  close(): Promise<void>;
}

/** Encodes a bus message with the sender's id; binary-safe (Yjs updates as bytes). */
export function encodeBusMessage(instanceId: string, message: BusMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, instanceId);
  switch (message.kind) {
    case "update":
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, message.seq);
      encoding.writeVarString(encoder, message.userId ?? "");
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case "awareness":
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case "awarenessQuery":
      encoding.writeVarUint(encoder, 2);
      break;
    case "catchUp":
      encoding.writeVarUint(encoder, 3);
      break;
    case "notice":
      encoding.writeVarUint(encoder, 4);
      encoding.writeVarUint8Array(encoder, message.message);
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Decodes what `encodeBusMessage` made. @throws on a malformed message */
export function decodeBusMessage(bytes: Uint8Array): { instanceId: string; message: BusMessage } {
  const decoder = decoding.createDecoder(bytes);
  const instanceId = decoding.readVarString(decoder);
  const kind = decoding.readVarUint(decoder);
  if (kind === 0) {
    const seq = decoding.readVarUint(decoder);
    const userId = decoding.readVarString(decoder) || null;
    return { instanceId, message: { kind: "update", seq, userId, update: decoding.readVarUint8Array(decoder) } };
  }
  if (kind === 1) return { instanceId, message: { kind: "awareness", update: decoding.readVarUint8Array(decoder) } };
  if (kind === 2) return { instanceId, message: { kind: "awarenessQuery" } };
  if (kind === 3) return { instanceId, message: { kind: "catchUp" } };
  if (kind === 4) return { instanceId, message: { kind: "notice", message: decoding.readVarUint8Array(decoder) } };
  throw new Error(`unknown bus message kind ${kind}`);
}
