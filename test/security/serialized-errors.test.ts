// What of a host error crosses to the guest (serializeError, src/errors.ts):
// name, message and Node's fields (code, errno, syscall, path, dest, and a
// network error's address, port, hostname), each a primitive of its type and
// nothing else, whatever the thrown error holds: hostile values in those
// fields (objects, Proxies, getters that throw, symbols, bigints) are dropped
// or coerced on the host, never handed over.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serializeError } from "../../dist/src/errors.js";
import { hostileValue, materialize } from "./fuzz/hostile-values.js";
import { serializedErrorProblems } from "./fuzz/plain.js";

const FIELDS = ["code", "errno", "syscall", "path", "dest", "address", "port", "hostname"] as const;

describe("serializeError", () => {
  it("carries a network error's address, hostname (strings) and port (a number) and nothing else", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      errno: -111, code: "ECONNREFUSED", syscall: "connect", address: "127.0.0.1", port: 1, hostname: "localhost", info: { secret: 1 }, extra: "x",
    });
    expect(serializeError(error)).toEqual({
      name: "Error", message: "connect ECONNREFUSED 127.0.0.1:1", code: "ECONNREFUSED", errno: -111, syscall: "connect", address: "127.0.0.1", port: 1, hostname: "localhost",
    });
  });

  it("coerces port to a number (decimal strings) and drops what is not of a field's type", () => {
    const boxed = Object.assign(new Error("m"), { address: { toString: () => "127.0.0.1" }, port: "8080", hostname: 5 });
    expect(serializeError(boxed)).toEqual({ name: "Error", message: "m", port: 8080 });
    for (const port of [Number.NaN, Infinity, "80a", "", { valueOf: () => 80 }, 80n, null]) {
      expect(serializeError(Object.assign(new Error("m"), { port })), String(port)).toEqual({ name: "Error", message: "m" });
    }
    const getters = new Error("m");
    for (const key of FIELDS) Object.defineProperty(getters, key, { get: () => { throw new Error("boom"); } });
    expect(serializeError(getters)).toEqual({ name: "Error", message: "m" });
  });

  it("whatever values a thrown error's fields hold, the outcome is a plain SerializedError", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FIELDS, "name", "message", "cause", "info"), hostileValue, { maxKeys: 6 }), (fields) => {
        const error = new Error("base");
        for (const [key, value] of Object.entries(fields)) {
          Object.defineProperty(error, key, { value: materialize(value), enumerable: true, configurable: true, writable: true });
        }
        expect(serializedErrorProblems(serializeError(error))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
