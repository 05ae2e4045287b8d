import { useEffect, useState } from "react";

/** The pages of the app. */
export type Route = { page: "list" } | { page: "scorecard"; id: string } | { page: "controlling" } | { page: "account" } | { page: "adminUsers" };

/** Reads the route from a path. */
export function parseRoute(pathname: string): Route {
  const match = /^\/scorecards\/([A-Za-z0-9_-]+)\/?$/.exec(pathname);
  if (match) return { page: "scorecard", id: match[1] };
  if (/^\/controlling\/?$/.test(pathname)) return { page: "controlling" };
  if (/^\/account\/?$/.test(pathname)) return { page: "account" };
  if (/^\/admin\/users\/?$/.test(pathname)) return { page: "adminUsers" };
  return { page: "list" };
}

/** Goes to a path without reloading. */
export function navigate(path: string): void {
  history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** The current route, updated on navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const handlePop = () => setRoute(parseRoute(location.pathname));
    window.addEventListener("popstate", handlePop);
    return () => window.removeEventListener("popstate", handlePop);
  }, []);
  return route;
}
