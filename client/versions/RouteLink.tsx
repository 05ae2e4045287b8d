import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { navigate } from "../routes";

/** Props of {@link RouteLink}: an anchor's attributes with a required path. */
interface RouteLinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  /** The app path to go to. */
  href: string;
}

/**
 * A link inside the app: a real anchor (so it can be opened in a new tab and read as a
 * link), which navigates without reloading on a plain click.
 */
export function RouteLink({ href, onClick, children, ...props }: RouteLinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  }
  return (
    <a href={href} onClick={handleClick} {...props}>
      {children}
    </a>
  );
}
