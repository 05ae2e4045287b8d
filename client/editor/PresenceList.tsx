import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { WebsocketProvider } from "y-websocket";
import type { Me } from "../../shared/domain/user";

/** A person present in the document, from the awareness states. */
interface Present {
  /** User id. */
  id: string;
  /** Display name. */
  name: string;
  /** Caret colour. */
  color: string;
}

/** Props of the presence list. */
interface PresenceListProps {
  /** The provider whose awareness lists who is here. */
  provider: WebsocketProvider;
  /** The logged-in user, shown as "you". */
  me: Me;
}

function presentPeople(provider: WebsocketProvider): Present[] {
  const byUser = new Map<string, Present>();
  for (const state of provider.awareness.getStates().values()) {
    const user = state.user as Partial<Present> | undefined;
    if (user?.id && user.name) byUser.set(user.id, { id: user.id, name: user.name, color: user.color ?? "#455a64" });
  }
  return Array.from(byUser.values()).sort((a, b) => a.name.localeCompare(b.name));
}

/** Who has this scorecard open right now, one entry per person even with several tabs. */
export function PresenceList({ provider, me }: PresenceListProps) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<Present[]>(() => presentPeople(provider));

  useEffect(() => {
    const handleChange = () => setPeople(presentPeople(provider));
    provider.awareness.on("change", handleChange);
    handleChange();
    return () => provider.awareness.off("change", handleChange);
  }, [provider]);

  return (
    <section className="presence" aria-labelledby="presence-title">
      <h2 id="presence-title">{t("presence.title")}</h2>
      <ul data-testid="presence-list">
        {people.map((person) => (
          <li key={person.id}>
            <span className="swatch" style={{ backgroundColor: person.color }} aria-hidden="true" />
            {person.name}
            {person.id === me.id && ` (${t("presence.you")})`}
          </li>
        ))}
      </ul>
    </section>
  );
}
