import type { WebSocket } from "ws";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import type { Access } from "../../shared/domain/scorecard";
import { MessageType } from "../../shared/protocol/messages";

/** One client's WebSocket to one scorecard, with the identity the server verified at the upgrade. */
export class Connection {
  /** Awareness client ids this connection has announced, removed when it closes. */
  readonly awarenessIds = new Set<number>();

  /**
   * @param ws - the open socket
   * @param scorecardId - the room it belongs to
   * @param userId - the authenticated user; every update it sends is attributed to them
   * @param sessionId - the session it was opened with, to close it when that session ends
   * @param access - "edit" or "read"; read-only connections never change the document
   * @param extended - whether the client declared an editor schema and so understands
   *   Steuerrad's own messages; plain y-websocket clients only get the standard ones
   * @param onUpdateRelayed - told for every document update sent to it (metrics)
   */
  constructor(
    readonly ws: WebSocket,
    readonly scorecardId: string,
    readonly userId: string,
    readonly sessionId: string,
    public access: Access,
    readonly extended: boolean,
    private readonly onUpdateRelayed?: () => void,
  ) {}

  /** Sends a message if the socket is still open; a failing send closes the socket. */
  send(message: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    // Both types are single-byte varuints: a sync message carrying an update is a relayed one
    // (sync answers at connect are step 2).
    if (this.onUpdateRelayed && message[0] === MessageType.sync && message[1] === syncProtocol.messageYjsUpdate) this.onUpdateRelayed();
    this.ws.send(message, (error) => {
      if (error) this.ws.terminate();
    });
  }

  /** Closes the socket with a code from `shared/protocol/closeCodes.ts`. */
  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
  }

  /** Changes the access right and tells the client, so its editor becomes read-only or editable. */
  setAccess(access: Access): void {
    this.access = access;
    if (this.extended) this.send(encodeAccessMessage(access));
  }
}

/** Encodes the server's `access` message. */
export function encodeAccessMessage(access: Access): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.access);
  encoding.writeVarString(encoder, access);
  return encoding.toUint8Array(encoder);
}
