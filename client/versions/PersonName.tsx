import type { PersonRef } from "../../shared/domain/versions";

/** Props of {@link PersonName}. */
interface PersonNameProps {
  /** The person. */
  person: PersonRef;
}

/** A person as in the presence list: a dot in their caret colour, then the name as text. */
export function PersonName({ person }: PersonNameProps) {
  return (
    <span className="person" data-person={person.name}>
      <span className="person-dot" style={{ backgroundColor: person.colour }} aria-hidden="true" />
      {person.name}
    </span>
  );
}

/** Props of {@link PersonList}. */
interface PersonListProps {
  /** The people, in order. */
  people: PersonRef[];
  /** Shown when there is nobody. */
  empty: string;
}

/** Several people side by side, each with colour dot and name. */
export function PersonList({ people, empty }: PersonListProps) {
  if (people.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul className="person-list">
      {people.map((person) => (
        <li key={person.id ?? person.name}>
          <PersonName person={person} />
        </li>
      ))}
    </ul>
  );
}
