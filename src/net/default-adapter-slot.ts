/**
 * TEMPORARY until `createDefaultNetworkAdapter` lands (src/net/default-adapter.ts):
 * the driver asks this for the built-in adapter.
 * @module
 */
import type { NetworkAdapter } from "./types.js";

/** The built-in network adapter. */
export function defaultNetworkAdapter(): NetworkAdapter {
  throw new Error("useDefaultNetwork: the built-in network adapter is not available yet");
}
