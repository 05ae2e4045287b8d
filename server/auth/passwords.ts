import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks a password against an argon2id hash; a malformed hash counts as a mismatch. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A fixed hash to verify against when the e-mail is unknown, so the answer takes as
// long as for a known e-mail and does not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification without a real user. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword("steuerrad-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}
