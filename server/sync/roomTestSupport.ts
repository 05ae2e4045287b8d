import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import type { WebSocket } from "ws";
import { MessageType } from "../../shared/protocol/messages";
import { Connection } from "./Connection";

/**
 * A connection whose socket records what the room sends it (tests of Room).
 * @param extended - whether it declared an editor schema (gets Steuerrad's own messages)
 */
export function fakeConnection(scorecardId: string, userId: string, extended = false) {
  const sent: Uint8Array[] = [];
  const ws = { readyState: 1, OPEN: 1, CONNECTING: 0, send: (message: Uint8Array) => sent.push(message), close: () => undefined, terminate: () => undefined };
  return { connection: new Connection(ws as unknown as WebSocket, scorecardId, userId, "session", "edit", extended), sent };
}

/** A client's sync message carrying one document update. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}
