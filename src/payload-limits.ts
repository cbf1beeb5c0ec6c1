/**
 * `payloadLimits`, as secure-exec documents it: size limits on the data of
 * one crossing of the sandbox boundary, so that an oversized payload is
 * refused with `ERR_SANDBOX_PAYLOAD_TOO_LARGE` instead of filling the host's
 * memory. A crossing is one host call of the guest (its arguments going out,
 * its result coming back) and the exports `run` copies out.
 *
 * - `base64TransferBytes` bounds the binary data of a crossing (file
 *   contents read or written, request and response bodies, child output
 *   returned whole), counted as secure-exec counts it: the length of its
 *   base64 encoding (4 bytes for every 3), so the same setting admits the
 *   same files.
 * - `jsonPayloadBytes` bounds everything else of a crossing (paths, module
 *   sources, directory listings, text, exports): the UTF-8 length of its JSON
 *   form.
 *
 * Each limit must lie between 1 KiB and 64 MiB, as in secure-exec; a limit
 * not given is not enforced (the sandbox's memory limit still bounds every
 * read).
 * @module
 */
import { codedError } from "./errors.js";
import { checkOptions, checkPlainObject, describe } from "./options.js";
import type { OpOutcome } from "./engine/protocol.js";
import { serializeError } from "./errors.js";

/** The `payloadLimits` option of `NodeRuntime`. */
export interface PayloadLimits {
  /** Most bytes of binary data in one crossing, counted as their base64 length. */
  base64TransferBytes?: number;
  /** Most bytes of other data (its JSON form, UTF-8) in one crossing. */
  jsonPayloadBytes?: number;
}

/** The error code of a payload over its limit (secure-exec's). */
export const ERR_SANDBOX_PAYLOAD_TOO_LARGE = "ERR_SANDBOX_PAYLOAD_TOO_LARGE";

/** Smallest and largest limit a host may set (secure-exec's bounds). */
const MIN_LIMIT = 1024;
const MAX_LIMIT = 64 * 1024 * 1024;

/** Checks the option; undefined when no limit is set. */
export function checkPayloadLimits(value: unknown): Required<PayloadLimits> | undefined {
  if (value === undefined) return undefined;
  const limits = checkPlainObject(value as object, "payloadLimits") as Record<string, unknown>;
  checkOptions(limits, ["base64TransferBytes", "jsonPayloadBytes"], "payloadLimits");
  const bound = (name: string): number => {
    const limit = limits[name];
    if (limit === undefined) return Infinity;
    if (typeof limit !== "number") throw new TypeError(`payloadLimits.${name} must be a number of bytes, got ${describe(limit)}`);
    if (!Number.isInteger(limit) || limit < MIN_LIMIT || limit > MAX_LIMIT) {
      throw new RangeError(`payloadLimits.${name} must be an integer from ${MIN_LIMIT} to ${MAX_LIMIT} (bytes), got ${limit}`);
    }
    return limit;
  };
  return { base64TransferBytes: bound("base64TransferBytes"), jsonPayloadBytes: bound("jsonPayloadBytes") };
}

/** What one payload weighs: binary bytes (as base64) and the rest (as JSON text). */
interface Weight {
  base64: number;
  json: number;
}

/** Length of a string's UTF-8 encoding. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Adds `value`'s weight to `weight` (stops early once both limits are passed: the answer is known). */
function weigh(value: unknown, weight: Weight, limits: Required<PayloadLimits>, seen: Set<object>): void {
  if (weight.base64 > limits.base64TransferBytes && weight.json > limits.jsonPayloadBytes) return;
  if (value === null || value === undefined) {
    weight.json += 4;
    return;
  }
  switch (typeof value) {
    case "string":
      weight.json += utf8Length(value) + 2;
      return;
    case "number":
    case "bigint":
    case "boolean":
      weight.json += String(value).length;
      return;
    case "object":
      break;
    default:
      return;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    weight.base64 += 4 * Math.ceil(value.byteLength / 3);
    return;
  }
  if (seen.has(value)) return;
  seen.add(value);
  const entries = Array.isArray(value) ? value : Object.entries(value);
  weight.json += 2;
  for (const entry of entries) {
    weight.json += 1;
    weigh(entry, weight, limits, seen);
  }
}

/** The error for a payload over a limit, worded as secure-exec's. */
function tooLarge(label: string, limit: number, actual: number): Error {
  return codedError(RangeError, ERR_SANDBOX_PAYLOAD_TOO_LARGE, `${ERR_SANDBOX_PAYLOAD_TOO_LARGE}: ${label} exceeds ${limit} bytes (got ${actual})`);
}

/** Throws when `value` is over a limit. */
export function checkPayload(limits: Required<PayloadLimits>, label: string, value: unknown): void {
  const weight: Weight = { base64: 0, json: 0 };
  weigh(value, weight, limits, new Set());
  if (weight.base64 > limits.base64TransferBytes) throw tooLarge(`${label} (binary data, as base64)`, limits.base64TransferBytes, weight.base64);
  if (weight.json > limits.jsonPayloadBytes) throw tooLarge(`${label} (JSON data)`, limits.jsonPayloadBytes, weight.json);
}

/** Throws when the JSON text `json` is over the JSON limit. */
export function checkJsonText(limits: Required<PayloadLimits>, label: string, json: string): void {
  const length = utf8Length(json);
  if (length > limits.jsonPayloadBytes) throw tooLarge(`${label} (JSON data)`, limits.jsonPayloadBytes, length);
}

/** The host's op handler with the limits applied to each call's arguments and to its result. */
export function limitOps(
  limits: Required<PayloadLimits> | undefined,
  dispatch: (op: string, args: unknown[]) => OpOutcome | Promise<OpOutcome>,
): (op: string, args: unknown[]) => OpOutcome | Promise<OpOutcome> {
  if (limits === undefined) return dispatch;
  const checkResult = (op: string, outcome: OpOutcome): OpOutcome => {
    if (!outcome.ok) return outcome;
    try {
      checkPayload(limits, `the result of ${op}`, outcome.value);
      return outcome;
    } catch (error) {
      return { ok: false, error: serializeError(error) };
    }
  };
  return (op, args) => {
    try {
      checkPayload(limits, `the arguments of ${op}`, args);
    } catch (error) {
      return { ok: false, error: serializeError(error) };
    }
    const outcome = dispatch(op, args);
    return outcome instanceof Promise ? outcome.then((settled) => checkResult(op, settled)) : checkResult(op, outcome);
  };
}
