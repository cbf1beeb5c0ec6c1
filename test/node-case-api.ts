// The shared driver suite's API under the Node driver, for every test file
// that runs shared cases here (drivers-node, reproducible-drivers).
import * as quickexec from "../dist/src/index.js";
import type { CaseApi } from "./shared/cases.js";

/** The Node driver's CaseApi: in-memory filesystems, and `baseUrl` as the loopback test server. */
export function nodeCaseApi(baseUrl: string): CaseApi {
  return {
    kind: "node",
    syncCalls: true,
    NodeRuntime: quickexec.NodeRuntime,
    driver: (options = {}) => quickexec.createNodeDriver({ filesystem: quickexec.createInMemoryFileSystem(), ...options }),
    factory: () => quickexec.createNodeRuntimeDriverFactory(),
    createInMemoryFileSystem: quickexec.createInMemoryFileSystem,
    allowAll: quickexec.allowAll,
    allowAllFs: quickexec.allowAllFs,
    // The test server is on loopback, which the default adapter refuses unless told otherwise.
    networkAdapter: () => quickexec.createDefaultNetworkAdapter({ allowPrivateAddresses: true }),
    baseUrl,
  };
}
