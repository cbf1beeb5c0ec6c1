/**
 * quickexec for browsers: run untrusted Node.js-style JavaScript inside
 * QuickJS compiled to WebAssembly, in Web Workers, with deny-by-default
 * permissions and hard CPU and memory limits. The same `NodeRuntime` as in
 * Node; `createBrowserDriver` and `createBrowserRuntimeDriverFactory` take the
 * place of the Node drivers.
 * @module
 */
export * from "../common-exports.js";
export {
  createBrowserDriver,
  createBrowserRuntimeDriverFactory,
  type BrowserDriverOptions,
  type BrowserRuntimeDriverFactoryOptions,
} from "./driver.js";
export { createBrowserNetworkAdapter, BROWSER_NETWORK_ERROR_CODES, type BrowserNetworkOptions } from "./fetch-adapter.js";
export { createOpfsFileSystem, type OpfsFileSystemOptions } from "./opfs-fs.js";
