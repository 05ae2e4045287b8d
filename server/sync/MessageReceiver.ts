import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as decoding from "lib0/decoding";
import { MessageType } from "../../shared/protocol/messages";
import { KpiQuerySchema } from "../../shared/domain/kpiSnapshot";
import type { Connection } from "./Connection";
import type { RoomAwareness } from "./RoomAwareness";
import type { RoomCommit } from "./RoomCommit";
import type { BusMessage } from "./InstanceBus";
import { BadMessageError, encodeAwarenessMessage, encodeSavedMessage, encodeSyncAnswer, readVarUint, readVarUint8Array } from "./messages";

/** What a message reaches in its room (server/sync/Room.ts). */
export interface MessageTarget {
  readonly presence: RoomAwareness;
  readonly commit: RoomCommit;
  readStored<T>(read: () => T): Promise<T>;
  stateAfter(stateVector: Uint8Array): Uint8Array;
  applyClientUpdate(connection: Connection, update: Uint8Array): void;
  queryKpis(connection: Connection, periods: string[]): void;
  applyRemote(updates: Uint8Array[], userId: string | null, seq: number): void;
  catchUp(): Promise<void>;
  sendNotice(message: Uint8Array): void;
}

/**
 * Hands a message another server process published about the room's scorecard on
 * ([SYNC17], [SYNC19], [SYNC22], [SYNC25]): its updates were checked and stored there, so
 * they are applied and relayed here, never stored, checked or published again.
 * @throws Error when an awareness update is malformed
 */
export function receiveBusMessage(room: MessageTarget, message: BusMessage): void {
  switch (message.kind) {
    case "update":
      return room.applyRemote([message.update], message.userId, message.seq);
    case "awareness":
      return room.presence.receiveRemote(message.update);
    case "awarenessQuery":
      return room.presence.answerQuery();
    case "catchUp":
      return void room.catchUp().catch(() => undefined); // a failed read leaves the room as it was
    case "notice":
      return room.sendNotice(message.message);
  }
}

/**
 * Decodes one message of a connection and hands it to its room (the table of message types
 * in SPEC.md). What must only show stored content to others (a sync answer, a save
 * confirmation) is answered once the room's updates so far are stored ([SYNC1], [SYNC2]).
 * @throws BadMessageError when the message cannot be decoded or is refused
 */
export function receiveMessage(room: MessageTarget, connection: Connection, message: Uint8Array): void {
  const decoder = decoding.createDecoder(message);
  const type = readVarUint(decoder);
  switch (type) {
    case MessageType.sync:
      return receiveSync(room, connection, decoder);
    case MessageType.awareness:
      return room.presence.receive(connection, readVarUint8Array(decoder));
    case MessageType.queryAwareness:
      return connection.send(encodeAwarenessMessage(room.presence.awareness, Array.from(room.presence.awareness.getStates().keys())));
    case MessageType.saveQuery: {
      const sequence = readVarUint(decoder);
      // Read-only connections get no confirmation: their updates were dropped, and "saved" must never lie.
      if (connection.access !== "edit") return;
      // Messages are handled in order, so once what waits now is stored, everything this
      // connection sent before the query is. A failure closes the connection instead.
      room.commit.settledThen(() => connection.send(encodeSavedMessage(sequence))).catch(() => undefined);
      return;
    }
    case MessageType.kpiQuery:
      return room.queryKpis(connection, readKpiPeriods(decoder));
    case MessageType.auth:
      return;
    default:
      throw new BadMessageError(`unknown message type ${type}`);
  }
}

function receiveSync(room: MessageTarget, connection: Connection, decoder: decoding.Decoder): void {
  const syncType = readVarUint(decoder);
  if (syncType === syncProtocol.messageYjsSyncStep1) {
    const stateVector = readVarUint8Array(decoder);
    try {
      Y.decodeStateVector(stateVector);
    } catch (error) {
      throw new BadMessageError(`malformed state vector: ${(error as Error).message}`);
    }
    // Nobody sees an update before it is stored.
    room
      .readStored(() => room.stateAfter(stateVector))
      .then(
        (state) => connection.send(encodeSyncAnswer(state)),
        () => undefined, // storing failed: the room closes every connection
      );
    return;
  }
  if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
    throw new BadMessageError(`unknown sync message type ${syncType}`);
  }
  const update = readVarUint8Array(decoder);
  if (connection.access !== "edit") return; // dropped: never applied, stored or relayed
  try {
    // Decoding the whole update first means a truncated or garbled one is refused before any part of it reaches the document.
    Y.decodeUpdate(update);
  } catch (error) {
    throw new BadMessageError(`malformed document update: ${(error as Error).message}`);
  }
  room.applyClientUpdate(connection, update);
}

function readKpiPeriods(decoder: decoding.Decoder): string[] {
  let query: unknown;
  try {
    query = JSON.parse(decoding.readVarString(decoder));
  } catch (error) {
    throw new BadMessageError(`malformed KPI query: ${(error as Error).message}`);
  }
  const parsed = KpiQuerySchema.safeParse(query);
  if (!parsed.success) throw new BadMessageError(`malformed KPI query: ${parsed.error.message}`);
  return parsed.data.periods;
}
