// node:os, from the run's configured machine (config.os).
export const OS_CONSTANTS = {
  signals: {
    SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10,
    SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19,
    SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
    SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
  },
  errno: {
    E2BIG: 7, EACCES: 13, EADDRINUSE: 98, EADDRNOTAVAIL: 99, EAGAIN: 11, EBADF: 9, EBUSY: 16, ECONNREFUSED: 111, ECONNRESET: 104,
    EEXIST: 17, EINTR: 4, EINVAL: 22, EIO: 5, EISDIR: 21, ELOOP: 40, EMFILE: 24, ENAMETOOLONG: 36, ENOENT: 2, ENOMEM: 12,
    ENOSPC: 28, ENOSYS: 38, ENOTDIR: 20, ENOTEMPTY: 39, EPERM: 1, EPIPE: 32, EROFS: 30, ETIMEDOUT: 110, EXDEV: 18,
  },
  priority: { PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0, PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20 },
  dlopen: { RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 },
  UV_UDP_REUSEADDR: 4,
};

export function makeOs(config) {
  const o = config.os;
  const cpu = { model: "QuickJS virtual CPU", speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } };
  return {
    EOL: o.platform === "win32" ? "\r\n" : "\n",
    devNull: o.platform === "win32" ? "\\\\.\\nul" : "/dev/null",
    constants: OS_CONSTANTS,
    platform: () => o.platform,
    arch: () => o.arch,
    type: () => o.type,
    release: () => o.release,
    version: () => o.version,
    machine: () => o.machine,
    hostname: () => o.hostname,
    homedir: () => o.homedir,
    tmpdir: () => o.tmpdir,
    endianness: () => o.endianness,
    cpus: () => Array.from({ length: o.cpus }, () => ({ ...cpu, times: { ...cpu.times } })),
    availableParallelism: () => o.cpus,
    totalmem: () => o.totalmem,
    freemem: () => o.freemem,
    uptime: () => o.uptime,
    loadavg: () => [0, 0, 0],
    networkInterfaces: () => ({}),
    userInfo: () => ({ uid: 0, gid: 0, username: o.username, homedir: o.homedir, shell: "/bin/sh" }),
    getPriority: () => 0,
    setPriority: () => {},
  };
}
