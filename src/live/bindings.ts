/**
 * Host bindings: functions of the host's own that the guest may call, given
 * as `new NodeRuntime({ bindings })` and seen by the guest as the frozen tree
 * `globalThis.SecureExec.bindings` (the shape and limits of secure-exec's
 * custom bindings: identifier keys, at most 4 levels, at most 64 functions,
 * keys starting with `_` refused).
 *
 * The guest reaches them through three host ops, answered here and never by
 * the op table: `binding.list` (the dotted paths), `binding.call` (a
 * synchronous call: arguments and result copied, a promise answered with a
 * token) and `binding.await` (an async op that settles with the promise of a
 * token). A binding that throws gives the guest an Error with the message
 * only; a result that is not plain data is refused, so no host object or
 * function ever reaches the guest.
 * @module
 */
import type { OpOutcome } from "../engine/protocol.js";
import { reviveResult } from "../engine/revive.js";
import { encodeForGuest } from "./encode.js";

/** A host function the guest may call. Its arguments are copies; so is its result (or what its promise resolves to). */
export type BindingFunction = (...args: any[]) => unknown;

/** A tree of bindings: functions, or objects of further bindings (at most 4 levels, 64 functions). */
export interface BindingTree {
  [key: string]: BindingFunction | BindingTree;
}

/** The deepest a binding may sit (`a.b.c.d`). */
export const MAX_BINDING_DEPTH = 4;
/** The most functions a tree may hold. */
export const MAX_BINDING_FUNCTIONS = 64;

const IDENTIFIER = /^[A-Za-z$][\w$]*$/;

/**
 * Checks a binding tree and flattens it to its functions by dotted path.
 * @throws TypeError or RangeError naming the offending key.
 */
export function checkBindings(tree: unknown): Map<string, BindingFunction> {
  const found = new Map<string, BindingFunction>();
  if (tree === undefined) return found;
  if (!isPlainObject(tree)) throw new TypeError("bindings must be a plain object of functions and nested objects");
  const walk = (node: Record<string, unknown>, prefix: string, depth: number): void => {
    for (const key of Object.keys(node)) {
      const path = `bindings.${prefix}${key}`;
      if (key.startsWith("_")) throw new TypeError(`${path}: binding keys starting with "_" are reserved`);
      if (!IDENTIFIER.test(key)) throw new TypeError(`${path}: a binding key must be an identifier (letters, digits, $ or _, not starting with a digit)`);
      if (depth > MAX_BINDING_DEPTH) throw new RangeError(`${path}: bindings may be nested at most ${MAX_BINDING_DEPTH} levels deep`);
      const value = node[key];
      if (typeof value === "function") {
        found.set(prefix + key, value as BindingFunction);
        if (found.size > MAX_BINDING_FUNCTIONS) throw new RangeError(`${path}: at most ${MAX_BINDING_FUNCTIONS} binding functions are allowed`);
      } else if (isPlainObject(value)) walk(value, `${prefix}${key}.`, depth + 1);
      else throw new TypeError(`${path} must be a function or a plain object of bindings, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`);
    }
  };
  walk(tree, "", 1);
  return found;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Answers the binding ops of one run (or one live module); `undefined` for any other op. */
export type BindingOps = (op: string, args: unknown[]) => OpOutcome | Promise<OpOutcome> | undefined;

/** The binding ops over `functions`, with their own table of promises awaiting the guest. */
export function createBindingOps(functions: ReadonlyMap<string, BindingFunction>): BindingOps {
  const pending = new Map<number, { path: string; promise: Promise<unknown> }>();
  let nextToken = 1;
  return (op, args) => {
    switch (op) {
      case "binding.list":
        return { ok: true, value: [...functions.keys()] };
      case "binding.call": {
        const [given, argsJson] = args;
        const path = String(given);
        const fn = typeof given === "string" ? functions.get(given) : undefined;
        if (!fn || typeof argsJson !== "string") return failure("TypeError", `SecureExec.bindings.${path} is not a binding`);
        let result: unknown;
        try {
          const copied = reviveResult(JSON.parse(argsJson));
          result = fn(...(Array.isArray(copied) ? copied : []));
        } catch (error) {
          return thrown(error);
        }
        if (isThenable(result)) {
          const token = nextToken++;
          const settled = Promise.resolve(result);
          // Awaited by the guest's next call, or never: a rejection nobody awaits is not the host's unhandled one.
          settled.catch(() => {});
          pending.set(token, { path, promise: settled });
          return { ok: true, value: { token } };
        }
        return copied(path, result);
      }
      case "binding.await": {
        const token = args[0] as number;
        const entry = pending.get(token);
        if (!entry) return failure("Error", "No binding promise is pending under this token");
        pending.delete(token);
        return entry.promise.then((value) => copied(entry.path, value), thrown);
      }
      default:
        return undefined;
    }
  };
}

function copied(path: string, value: unknown): OpOutcome {
  try {
    return { ok: true, value: { json: encodeForGuest(value, `the result of SecureExec.bindings.${path}`) } };
  } catch (error) {
    return failure("TypeError", error instanceof Error ? error.message : String(error));
  }
}

/** What a binding threw, as the guest sees it: the message, and no host stack. */
function thrown(error: unknown): OpOutcome {
  if (error instanceof Error) return failure("Error", String(error.message));
  return failure("Error", typeof error === "string" ? error : "A binding threw a non-Error value");
}

function failure(name: string, message: string): OpOutcome {
  return { ok: false, error: { name, message } };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";
}
