import { join } from "node:path";

/** How to reach the SMTP server. */
export interface SmtpSettings {
  /** Host name. */
  host: string;
  /** Port (default 465 with SMTP_SECURE, else 587). */
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Login, if the server wants one. */
  user: string | null;
  /** Password of the login. */
  password: string | null;
}

/** The mail part of the configuration. */
export interface MailSettings {
  /** SMTP server, or null to write every mail as an .eml file into `outboxDir` (the demo needs no mail server). */
  smtp: SmtpSettings | null;
  /** Sender, e.g. `Steuerrad <steuerrad@sozialamt.example>`. */
  mailFrom: string;
  /** Folder for .eml files when there is no SMTP server. */
  outboxDir: string;
}

/** The sender when MAIL_FROM is not set. */
export const DEFAULT_MAIL_FROM = "Steuerrad <steuerrad@localhost>";

/**
 * Reads SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD, MAIL_FROM and
 * OUTBOX_DIR (default `$DATA_DIR/outbox`).
 * @param env - the environment
 * @param dataDir - the data folder
 * @throws Error naming the variable when a value is malformed
 */
export function loadMailSettings(env: Record<string, string | undefined>, dataDir: string): MailSettings {
  const host = env.SMTP_HOST?.trim() || "";
  const secure = ["true", "1", "yes", "on"].includes((env.SMTP_SECURE ?? "").toLowerCase());
  const rawPort = env.SMTP_PORT?.trim() || "";
  if (rawPort !== "" && !/^\d{1,5}$/.test(rawPort)) throw new Error(`SMTP_PORT must be a port number, got "${rawPort}"`);
  const mailFrom = env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
  if (!/@/.test(mailFrom)) throw new Error(`MAIL_FROM must contain an address, got "${mailFrom}"`);
  return {
    smtp: host ? { host, port: rawPort ? Number(rawPort) : secure ? 465 : 587, secure, user: env.SMTP_USER || null, password: env.SMTP_PASSWORD || null } : null,
    mailFrom,
    outboxDir: env.OUTBOX_DIR || join(dataDir, "outbox"),
  };
}
