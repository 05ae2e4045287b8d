/**
 * Small helpers shared by the operations commands (backup, restore, admin): flag parsing
 * in the style of `npm run audit:verify`, exit codes, output and entry-point detection.
 */
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Everything verified or done. */
export const EXIT_OK = 0;
/** Refused or failed; the message names the problem. */
export const EXIT_PROBLEM = 1;
/** Bad usage: unknown flag, missing value, missing file. */
export const EXIT_USAGE = 2;

/** Standard output and error, replaceable in tests. */
export interface CliOutput {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
}

/** The process's own standard output and error. */
export const processOutput: CliOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** Parsed flags: a value per flag, `true` for a switch. */
export type Flags = Record<string, string | true>;

/**
 * Parses `--flag value`, `--flag=value` and switches; a leading `--` (from npm) is skipped.
 * @param argv - arguments after the script (and subcommand)
 * @param valued - flags that take a value
 * @param switches - flags without a value
 * @returns the flags, `"help"`, or a message saying what is wrong
 */
export function parseFlags(argv: readonly string[], valued: readonly string[], switches: readonly string[] = []): { flags: Flags } | "help" | { error: string } {
  const result: Flags = {};
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--help" || arg === "-h") return "help";
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    if (!match) return { error: `unexpected argument "${arg}"` };
    const flag = match[1] ?? "";
    if (result[flag] !== undefined) return { error: `--${flag} given twice` };
    if (switches.includes(flag)) {
      if (match[2] !== undefined) return { error: `--${flag} takes no value` };
      result[flag] = true;
      continue;
    }
    if (!valued.includes(flag)) return { error: `unknown flag --${flag}` };
    let value = match[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith("--")) return { error: `--${flag} needs a value` };
      i++;
    }
    if (value === "") return { error: `--${flag} needs a value` };
    result[flag] = value;
  }
  return { flags: result };
}

/**
 * Resolves a path the user typed: npm runs scripts in the package root, so a relative
 * path means the caller's directory (INIT_CWD) when run through npm.
 * @param path - the path as given
 * @param env - the environment
 */
export function userPath(path: string, env: Record<string, string | undefined>): string {
  return resolve(env.npm_lifecycle_event && env.INIT_CWD ? env.INIT_CWD : process.cwd(), path);
}

/**
 * Whether the module with this URL is the script node was started with.
 * @param moduleUrl - `import.meta.url` of the caller
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/**
 * Runs a command as the process's main program and sets the exit code (70 on a crash).
 * @param name - the command's name for messages
 * @param run - the command
 */
export function runAsMain(name: string, run: () => number | Promise<number>): void {
  Promise.resolve()
    .then(run)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 70;
      },
    );
}
