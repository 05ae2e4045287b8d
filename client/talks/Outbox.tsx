import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { MailSummary } from "../../shared/domain/talks";
import { formatDateTime } from "../versions/format";

/** Props of {@link Outbox}. */
interface OutboxProps {
  /** The mails, newest first; null while loading. */
  mails: MailSummary[] | null;
  /** A loading failure, as a sentence. */
  error: string | null;
  /** Loads the list again. */
  onRefresh(): void;
}

/**
 * "Postausgang": every mail about the user's talks with recipients, subject, time,
 * attachments and how it went out (by SMTP or into the outbox folder), so a demo without
 * a mail server still shows what was sent.
 */
export function Outbox({ mails, error, onRefresh }: OutboxProps) {
  const { t } = useTranslation();
  const headingId = useId();

  return (
    <section className="outbox card" id="outbox" aria-labelledby={headingId} tabIndex={-1}>
      <div className="section-head">
        <h2 id={headingId}>{t("talks.outbox.title")}</h2>
        <button type="button" onClick={onRefresh}>
          {t("talks.outbox.refresh")}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {mails === null ? (
        !error && <p>{t("talks.outbox.loading")}</p>
      ) : mails.length === 0 ? (
        <p>{t("talks.outbox.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="outbox-table">
            <caption>{t("talks.outbox.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("talks.outbox.time")}</th>
                <th scope="col">{t("talks.outbox.kind")}</th>
                <th scope="col">{t("talks.outbox.subject")}</th>
                <th scope="col">{t("talks.outbox.recipients")}</th>
                <th scope="col">{t("talks.outbox.attachments")}</th>
                <th scope="col">{t("talks.outbox.transport")}</th>
              </tr>
            </thead>
            <tbody>
              {mails.map((mail) => (
                <tr key={mail.id} data-mail-kind={mail.kind} data-transport={mail.transport}>
                  <td>{formatDateTime(mail.sentAt ?? mail.createdAt)}</td>
                  <td>{t(`talks.outbox.kinds.${mail.kind}`, { defaultValue: mail.kind })}</td>
                  <th scope="row">{mail.subject}</th>
                  <td>
                    <ul className="plain-list">
                      {mail.recipients.map((recipient) => (
                        <li key={recipient}>{recipient}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {mail.attachments.length === 0 ? (
                      t("talks.outbox.none")
                    ) : (
                      <ul className="plain-list attachment-list">
                        {mail.attachments.map((name) => (
                          <li key={name}>{name}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <TransportText mail={mail} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** How a mail went out, or why it did not (in words, the failure marked by a sign too). */
function TransportText({ mail }: { mail: MailSummary }) {
  const { t } = useTranslation();
  if (mail.sentAt === null) {
    return mail.error ? (
      <span className="error-text">
        <span aria-hidden="true">⚠ </span>
        {t("talks.outbox.failed", { error: mail.error })}
      </span>
    ) : (
      <>{t("talks.outbox.pending")}</>
    );
  }
  if (mail.transport === "smtp") return <>{t("talks.outbox.smtp")}</>;
  return <>{mail.outboxFile ? t("talks.outbox.outbox", { file: mail.outboxFile }) : t("talks.outbox.outboxNoFile")}</>;
}
