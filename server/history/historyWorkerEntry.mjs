// The worker's entry in plain JavaScript: a worker thread does not inherit tsx's loader,
// so it registers tsx itself before loading the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./historyWorker.ts");
