import type * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MessageType } from "../../shared/protocol/messages";

/** Thrown for a message that cannot be decoded; closes only the sending connection. */
export class BadMessageError extends Error {}

/**
 * Thrown for an update that decoded and applied but was refused for what it would do to
 * the document ([SYNC14], [SYNC15]); nothing of it was stored or relayed.
 */
export class RefusedUpdateError extends BadMessageError {}

/** Thrown for an update that would make the document larger than allowed; nothing of it was stored or relayed. */
export class DocumentTooLargeError extends BadMessageError {}

/** Thrown when an update could not be stored; the room must be unloaded. */
export class StorageFailedError extends Error {}

/** A document update as the y-websocket protocol sends it. */
export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The server's sync step 1 (its state vector), which starts the handshake with a new connection. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** The sync answer (step 2) carrying what a client lacks. */
export function encodeSyncAnswer(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The awareness states of `clients`. */
export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** Steuerrad's save confirmation for a `saveQuery` sequence number. */
export function encodeSavedMessage(sequence: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.saved);
  encoding.writeVarUint(encoder, sequence);
  return encoding.toUint8Array(encoder);
}

// lib0 reads past the end without complaint in some paths; these turn that into a bad message.

/** Reads a varuint, or throws BadMessageError. */
export function readVarUint(decoder: decoding.Decoder): number {
  if (!decoding.hasContent(decoder)) throw new BadMessageError("message ends early");
  try {
    return decoding.readVarUint(decoder);
  } catch (error) {
    throw new BadMessageError((error as Error).message);
  }
}

/** Reads a length-prefixed byte array that must lie inside the message, or throws BadMessageError. */
export function readVarUint8Array(decoder: decoding.Decoder): Uint8Array {
  try {
    const length = decoding.readVarUint(decoder);
    if (length > decoder.arr.length - decoder.pos) throw new Error(`length ${length} exceeds the message`);
    return decoding.readUint8Array(decoder, length);
  } catch (error) {
    throw new BadMessageError((error as Error).message);
  }
}

/** The awareness client ids an awareness update speaks for, or throws BadMessageError. */
export function awarenessClients(update: Uint8Array): number[] {
  try {
    const decoder = decoding.createDecoder(update);
    return Array.from({ length: decoding.readVarUint(decoder) }, () => {
      const client = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder); // clock
      decoding.readVarString(decoder); // state
      return client;
    });
  } catch (error) {
    throw new BadMessageError(`malformed awareness update: ${(error as Error).message}`);
  }
}
