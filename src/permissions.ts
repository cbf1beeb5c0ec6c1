/**
 * Deny-by-default permission checks and the allow-all presets.
 *
 * A check is the host's own closure, called on the host with a request built
 * from arguments that were already coerced to primitives. Anything other than
 * a decision with `allow: true` denies, and a check that throws denies with a
 * message that says so.
 * @module
 */
import type { Permissions, PermissionDecision } from "./types.js";
import { SystemError } from "./errors.js";

const allow = (): PermissionDecision => ({ allow: true });

/** Allows every filesystem operation. */
export const allowAllFs: Permissions = { fs: allow };
/** Allows every network request, DNS lookup and listen. */
export const allowAllNetwork: Permissions = { network: allow };
/** Allows spawning any child process. */
export const allowAllChildProcess: Permissions = { childProcess: allow };
/** Allows reading and writing every environment variable. */
export const allowAllEnv: Permissions = { env: allow };
/** Allows everything in every domain. */
export const allowAll: Permissions = { ...allowAllFs, ...allowAllNetwork, ...allowAllChildProcess, ...allowAllEnv };

/** The permission domains. */
export type PermissionDomain = keyof Permissions;

/** The outcome of asking a check. */
export type CheckOutcome = { allowed: true } | { allowed: false; reason: string };

/** Asks `domain`'s check about `request`; never throws. */
export function ask<D extends PermissionDomain>(
  permissions: Permissions,
  domain: D,
  request: Parameters<NonNullable<Permissions[D]>>[0],
): CheckOutcome {
  const check = permissions[domain] as ((r: typeof request) => unknown) | undefined;
  if (!check) return { allowed: false, reason: `no ${domain} permission was granted` };
  let decision: unknown;
  try {
    decision = check(request);
  } catch (error) {
    return { allowed: false, reason: `the ${domain} permission check threw: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (decision === null || typeof decision !== "object" || typeof (decision as PermissionDecision).allow !== "boolean") {
    return { allowed: false, reason: `the ${domain} permission check did not return a decision ({ allow: boolean })` };
  }
  const { allow: allowed, reason } = decision as PermissionDecision;
  if (allowed === true) return { allowed: true };
  return { allowed: false, reason: typeof reason === "string" && reason ? reason : `denied by the ${domain} permission check` };
}

/** What a denial names: the operation and its subject in the message, and the error's fields. */
export interface DeniedOperation {
  /** The operation in the message (and the error's `syscall` unless `fields` says otherwise), e.g. `open`. */
  syscall: string;
  /** What it acts on, as the message shows it, e.g. `'/etc/passwd'` (may be empty). */
  subject: string;
  /** The error's `path`. */
  path?: string;
  /** The error's `dest` (two-path calls). */
  dest?: string;
  /** Further fields of the error (e.g. a `syscall` other than the message's). */
  fields?: Record<string, unknown>;
}

/**
 * Asks `domain`'s check and throws Node's EACCES error on a denial: the only
 * way an op raises a permission denial.
 * @param what names the operation and its subject in the error message, e.g. `open '/etc/passwd'`.
 */
export function demand<D extends PermissionDomain>(
  permissions: Permissions,
  domain: D,
  request: Parameters<NonNullable<Permissions[D]>>[0],
  what: DeniedOperation,
): void {
  const outcome = ask(permissions, domain, request);
  if (outcome.allowed) return;
  const subject = what.subject === "" ? "" : ` ${what.subject}`;
  const error = new SystemError("EACCES", `EACCES: permission denied, ${what.syscall}${subject} (${outcome.reason})`, {
    syscall: what.syscall,
    path: what.path,
  });
  if (what.dest !== undefined) Object.assign(error, { dest: what.dest });
  if (what.fields !== undefined) Object.assign(error, what.fields);
  throw error;
}

/** Validates a user-supplied permissions object; throws a TypeError naming the bad field. */
export function validatePermissions(value: unknown, optionName = "permissions"): Permissions {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object") throw new TypeError(`${optionName} must be an object of permission checks`);
  const known = ["fs", "network", "childProcess", "env"];
  for (const [key, check] of Object.entries(value)) {
    if (!known.includes(key)) throw new TypeError(`${optionName}.${key} is not a permission domain (expected one of ${known.join(", ")})`);
    if (check !== undefined && typeof check !== "function" && !isPreset(check, key)) {
      throw new TypeError(
        `${optionName}.${key} must be a function, got ${check === null ? "null" : typeof check} ` +
          `(a check (request) => ({ allow: boolean, reason? }), or a preset such as allowAll)`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, check] of Object.entries(value)) {
    // `{ fs: allowAllFs }` (a preset given for its own domain) means the preset's check.
    if (check !== undefined) out[key] = typeof check === "function" ? check : (check as Record<string, unknown>)[key];
  }
  return out as Permissions;
}

/** Whether `value` is a preset object (like `allowAllFs`) holding a check for `domain`. */
function isPreset(value: unknown, domain: string): boolean {
  return value !== null && typeof value === "object" && typeof (value as Record<string, unknown>)[domain] === "function";
}
