/**
 * A run spec as NodeRuntime builds it, for tests that drive a runtime
 * driver directly (transport, sync calls).
 */
export function runSpec(code: string, memoryLimitMb = 64) {
  return {
    code,
    filePath: "/root/index.js",
    mode: "run" as const,
    memoryLimitMb,
    cpuTimeLimitMs: 0,
    timing: "freeze" as const,
    startTime: Date.now(),
    process: { cwd: "/root", env: {}, argv: ["node", "/root/index.js"], platform: "linux", arch: "x64", version: "v20.0.0", versions: {}, pid: 1, ppid: 0, title: "node", execPath: "/usr/bin/node" },
    os: { platform: "linux", arch: "x64", type: "Linux", release: "6", version: "#1", hostname: "h", homedir: "/root", tmpdir: "/tmp", endianness: "LE" as const, machine: "x86_64", cpus: 1, totalmem: 1, freemem: 1, uptime: 0, username: "root" },
    stdin: null,
    stdio: true,
  };
}
