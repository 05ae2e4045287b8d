import type { Logger } from "../log";
import type { Connection } from "./Connection";
import type { InstanceBus } from "./InstanceBus";

/** How long an upgrade waits for Redis to count a user's connections before counting only its own. */
const CLAIM_TIMEOUT_MS = 2_000;

/**
 * The open connections of each user on this process, and the limit per user across every
 * process ([SYNC-A4]).
 */
export class UserConnections {
  private readonly byUser = new Map<string, Set<Connection>>();
  /** Upgrades waiting for Redis to count the user's connections on every process; they count here already. */
  private readonly pending = new Map<string, number>();
  private claimFallbackLogged = false;

  constructor(
    private readonly maxPerUser: number,
    private readonly bus: InstanceBus | undefined,
    private readonly logger: Logger,
  ) {}

  /** A user's connections on this process, with the upgrades still being counted. */
  countHere(userId: string): number {
    return (this.byUser.get(userId)?.size ?? 0) + (this.pending.get(userId) ?? 0);
  }

  /** Every open connection. */
  *all(): Iterable<Connection> {
    for (const connections of this.byUser.values()) yield* connections;
  }

  /** A user's open connections. */
  of(userId: string): ReadonlySet<Connection> {
    return this.byUser.get(userId) ?? new Set();
  }

  /** Number of open connections. */
  get size(): number {
    let count = 0;
    for (const connections of this.byUser.values()) count += connections.size;
    return count;
  }

  add(connection: Connection): void {
    const connections = this.byUser.get(connection.userId) ?? new Set();
    connections.add(connection);
    this.byUser.set(connection.userId, connections);
  }

  remove(connection: Connection): void {
    const connections = this.byUser.get(connection.userId);
    connections?.delete(connection);
    if (connections?.size === 0) this.byUser.delete(connection.userId);
    this.bus?.setUserConnections(connection.userId, this.countHere(connection.userId));
  }

  /**
   * Whether the user may open one more connection: here, and with other processes on all of
   * them. When Redis cannot be asked, this process's own count decides: refusing everyone
   * during an outage would stop all editing, which the limit (a guard against one user's
   * runaway tabs or scripts) is not worth; each process still holds a user to it by itself.
   * @param attach - opens the connection once claimed; returns whether it became one
   */
  async claim(userId: string, attach: () => Promise<boolean>): Promise<boolean> {
    if (this.countHere(userId) >= this.maxPerUser) return false;
    // Counted until the connection is open (or not): the room may still be loading.
    this.addPending(userId, 1);
    let attached = false;
    try {
      if (this.bus && !(await this.claimEverywhere(this.bus, userId))) return false;
      attached = await attach();
      return true;
    } finally {
      this.addPending(userId, -1);
      // What was claimed for an upgrade that did not become a connection is given back.
      if (!attached) this.bus?.setUserConnections(userId, this.countHere(userId));
    }
  }

  private addPending(userId: string, delta: number): void {
    const pending = (this.pending.get(userId) ?? 0) + delta;
    if (pending > 0) this.pending.set(userId, pending);
    else this.pending.delete(userId);
  }

  private async claimEverywhere(bus: InstanceBus, userId: string): Promise<boolean> {
    let error: Error | null = null;
    if (bus.reachable()) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CLAIM_TIMEOUT_MS} ms`)), CLAIM_TIMEOUT_MS);
      });
      try {
        const claimed = await Promise.race([bus.claimUserConnection(userId, this.countHere(userId), this.maxPerUser), timeout]);
        this.claimFallbackLogged = false;
        return claimed;
      } catch (caught) {
        error = caught as Error;
      } finally {
        clearTimeout(timer);
      }
    }
    // Once per outage, not once per connection.
    if (!this.claimFallbackLogged) {
      this.claimFallbackLogged = true;
      this.logger.log("warn", "cannot count a user's connections on the other processes (Redis); the limit per user counts this process's connections only until Redis answers", {
        userId,
        error: error?.message ?? "instance bus unreachable",
      });
    }
    return true;
  }
}
