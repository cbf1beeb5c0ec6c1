/**
 * The browser system driver and runtime driver factory: the same NodeRuntime,
 * with the engine in Web Workers and the page's own permission callbacks,
 * filesystem and fetch. There are no child processes in the browser.
 * @module
 */
import type { RuntimeDriverFactory, SystemDriver } from "../driver.js";
import { commonDriverParts, networkAdapterOf, type CommonDriverOptions } from "../driver-parts.js";
import { checkOptions, describe } from "../options.js";
import type { VirtualFileSystem } from "../fs/types.js";
import { checkFileSystem } from "../fs/check.js";
import { createInMemoryFileSystem } from "../fs/memory-fs.js";
import { createBrowserNetworkAdapter } from "./fetch-adapter.js";
import { browserEnginePool } from "./worker-pool.js";

/** Options of {@link createBrowserDriver}. */
export type BrowserDriverOptions = CommonDriverOptions & {
  /** The filesystem the guest sees: `"memory"` (the default: a new in-memory filesystem) or any {@link VirtualFileSystem}. */
  filesystem?: "memory" | VirtualFileSystem;
};

const BROWSER_DRIVER_OPTIONS = ["filesystem", "permissions", "processConfig", "osConfig", "networkAdapter", "useDefaultNetwork"] as const;

/**
 * Creates the system driver for browsers: what the guest may reach, behind
 * the page's permission callbacks (called on the page, never copied).
 * `useDefaultNetwork` carries the guest's `fetch`, `http` and `dns` over the
 * browser's own `fetch` (`createBrowserNetworkAdapter()`).
 */
export function createBrowserDriver(options: BrowserDriverOptions = {}): SystemDriver {
  if (options !== null && typeof options === "object") {
    for (const nodeOnly of ["commandExecutor", "moduleAccess"]) {
      if (nodeOnly in options) {
        throw new TypeError(`${nodeOnly} is not available in the browser driver: ${nodeOnly === "commandExecutor" ? "child processes" : "the host's node_modules"} exist only under createNodeDriver`);
      }
    }
  }
  checkOptions(options, BROWSER_DRIVER_OPTIONS, "createBrowserDriver options");
  return Object.freeze({
    kind: "browser" as const,
    ...commonDriverParts(options),
    filesystem: filesystemOf(options.filesystem),
    network: networkAdapterOf(options, () => createBrowserNetworkAdapter()),
  });
}

function filesystemOf(value: BrowserDriverOptions["filesystem"]): VirtualFileSystem {
  if (value === undefined || value === "memory") return createInMemoryFileSystem();
  if (typeof value === "string") throw new TypeError(`filesystem must be "memory" or a VirtualFileSystem, got ${describe(value)}`);
  return checkFileSystem(value, "filesystem");
}

/** Options of {@link createBrowserRuntimeDriverFactory}. */
export type BrowserRuntimeDriverFactoryOptions = {
  /** URL of the engine worker script. Default: `engine-worker.js` next to this bundle. */
  workerUrl?: string | URL;
  /** URL of the QuickJS wasm. Default: `quickjs.wasm` next to this bundle. */
  wasmUrl?: string | URL;
};

/**
 * Creates the factory that runs the engine in Web Workers (one pool per page
 * for each worker script). The engine never runs on the page's thread.
 */
export function createBrowserRuntimeDriverFactory(options: BrowserRuntimeDriverFactoryOptions = {}): RuntimeDriverFactory {
  checkOptions(options, ["workerUrl", "wasmUrl"], "createBrowserRuntimeDriverFactory options");
  if (typeof Worker !== "function") throw new Error("createBrowserRuntimeDriverFactory needs Web Workers, which this environment does not have");
  const workerUrl = urlOption(options.workerUrl, "workerUrl", defaultWorkerUrl);
  const wasmUrl = urlOption(options.wasmUrl, "wasmUrl", defaultWasmUrl);
  return { createRuntimeDriver: () => browserEnginePool(workerUrl, wasmUrl).createRuntimeDriver() };
}

// The files next to this bundle, each written as a literal `new URL("./file", import.meta.url)`:
// bundlers (Vite, webpack 5, rollup's import-meta-url plugins) recognise that form, emit the
// file with the page's assets and rewrite the URL; a computed path would be left pointing
// next to the bundled chunk, where nothing is.
const defaultWorkerUrl = (): string => new URL("./engine-worker.js", import.meta.url).href;
const defaultWasmUrl = (): string => new URL("./quickjs.wasm", import.meta.url).href;

function urlOption(value: unknown, name: string, fallback: () => string): string {
  if (value === undefined) return fallback();
  if (typeof value !== "string" && !(value instanceof URL)) throw new TypeError(`${name} must be a string or a URL, got ${describe(value)}`);
  try {
    return new URL(String(value), (globalThis as { location?: { href: string } }).location?.href ?? import.meta.url).href;
  } catch {
    throw new TypeError(`${name} is not a valid URL: ${String(value)}`);
  }
}
