import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n";
import "./styles.css";
import { App } from "./App";
import { reloadOnMissingChunks } from "./serviceWorker";

reloadOnMissingChunks();

// The service worker, which keeps the app loadable without network, is registered by the
// App once the first page shows (registerServiceWorkerWhenIdle), not here: its precaching
// would compete with this page's own first load over a slow line.
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
