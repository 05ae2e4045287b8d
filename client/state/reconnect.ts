import type { WebsocketProvider } from "y-websocket";

/**
 * Replaces y-websocket's fixed exponential back-off with "full jitter": after a drop,
 * each client waits a random time up to the back-off, so a meeting room of clients
 * does not hammer the server in lockstep when it comes back.
 * @param provider - the provider
 * @param maxDelayMs - the longest wait
 * @param random - source of randomness, replaceable in tests
 * @returns a function that stops scheduling reconnects
 */
export function addReconnectJitter(provider: WebsocketProvider, maxDelayMs = 10_000, random = Math.random): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function handleClose(event: CloseEvent | null): void {
    if (stopped || !provider.shouldConnect) return;
    // 4400–4499 are the server's final word (no access, reload needed): no retry.
    if (event && event.code >= 4400 && event.code < 4500) return;
    // Turns the provider's own scheduled reconnect into a no-op; ours follows.
    provider.shouldConnect = false;
    const ceiling = Math.min(maxDelayMs, 250 * 2 ** Math.min(provider.wsUnsuccessfulReconnects, 10));
    timer = setTimeout(
      () => {
        if (!stopped) provider.connect();
      },
      100 + random() * ceiling,
    );
  }

  provider.on("connection-close", handleClose);
  return () => {
    stopped = true;
    clearTimeout(timer);
    provider.off("connection-close", handleClose);
  };
}
