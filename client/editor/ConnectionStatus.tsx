import { useTranslation } from "react-i18next";
import { showsSaveState } from "../state/saveTracker";
import type { CollaborationStatus } from "./collaboration";

/** Props of the connection status. */
interface ConnectionStatusProps {
  /** The current collaboration status. */
  status: CollaborationStatus;
}

const TERMINAL_KEYS = ["4401", "4403", "4413", "4422", "4426"];

/**
 * Connection and save state in words (never by colour alone): connected / syncing /
 * offline, and saved / saving / not yet saved (also after a reload without network, while
 * this device holds changes the server has not confirmed). Announced politely to screen readers.
 */
export function ConnectionStatus({ status }: ConnectionStatusProps) {
  const { t } = useTranslation();
  if (status.terminal) {
    const key = String(status.terminal.code);
    return (
      <div className="connection-status terminal" role="alert" data-testid="connection-status" data-state="terminal">
        {TERMINAL_KEYS.includes(key) ? t(`status.terminal.${key}` as "status.terminal.4401") : t("status.terminal.other", { reason: status.terminal.reason })}{" "}
        <button type="button" onClick={() => location.reload()}>
          {t("status.reload")}
        </button>
      </div>
    );
  }
  const state = status.connection === "offline" ? "offline" : !status.synced ? "syncing" : "connected";
  const connection = state === "offline" ? t("status.offline") : state === "syncing" ? t("status.syncing") : t("status.connected");
  return (
    <div className={`connection-status ${state}`} role="status" aria-live="polite" data-testid="connection-status" data-state={state} data-save={status.save}>
      <span className="dot" aria-hidden="true" />
      <span>{connection}</span>
      {showsSaveState(status.access, status.unconfirmed) && <span className="save">· {t(`status.${status.save}`)}</span>}
    </div>
  );
}
