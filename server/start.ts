// The server's entry point: the runtime is checked before the server's modules load,
// because static imports would load the native modules first.
import { unsupportedNodeMessage } from "./nodeVersion";

const problem = unsupportedNodeMessage(process.versions.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
await import("./index");
