import type { WebSocket, WebSocketServer } from "ws";

/** A running heartbeat; stop it when the server closes. */
export interface Heartbeat {
  /** Stops pinging. */
  stop(): void;
}

/**
 * Pings every connection of a WebSocket server each `intervalMs` and terminates one that
 * has not answered the previous ping: a client whose network vanished (a laptop lid, a
 * dropped mobile link) sends no FIN, and without this its connection, its room and its
 * caret would linger until TCP gives up, which can take hours. Browsers answer pings by
 * themselves, so no client code is involved ([SYNC26]).
 * @param wss - the server whose `clients` are pinged (client tracking must be on, the default)
 * @param intervalMs - time between pings; 0 turns the heartbeat off
 * @param onDead - told about each connection terminated for not answering, before it closes
 * @returns the heartbeat, to stop at shutdown
 * @example const heartbeat = startHeartbeat(wss, 30_000, (ws) => logger.log("info", "dead connection closed"));
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number, onDead: (ws: WebSocket) => void = () => {}): Heartbeat {
  if (intervalMs <= 0) return { stop() {} };
  // Sockets that answered since the last round; a new socket counts as alive until its first ping.
  const answered = new WeakSet<WebSocket>();
  const seen = new WeakSet<WebSocket>();
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!seen.has(ws)) {
        seen.add(ws);
        ws.on("pong", () => answered.add(ws));
      } else if (!answered.has(ws)) {
        onDead(ws);
        // terminate, not close: a dead peer would never complete the closing handshake.
        ws.terminate();
        continue;
      }
      answered.delete(ws);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
