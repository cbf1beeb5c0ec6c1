/**
 * Signal names and numbers as the guest sees them (`os.constants.signals`,
 * Linux numbering): the guest sends numbers, exits report names.
 * @module
 */

/** Signal numbers by name (Linux), the same table as the guest's `os.constants.signals`. */
export const SIGNALS: Readonly<Record<string, number>> = Object.freeze({
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
  SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17, SIGCONT: 18,
  SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27,
  SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
});

const NAMES = new Map<number, string>();
for (const [name, number] of Object.entries(SIGNALS)) if (!NAMES.has(number)) NAMES.set(number, name);

/** The canonical name of a signal number (`9` → `"SIGKILL"`), or undefined for an unknown one. */
export function signalName(signal: number): string | undefined {
  return NAMES.get(signal);
}

/** SIGTERM's number: what `kill()` and `killSignal` default to. */
export const SIGTERM = 15;
/** SIGKILL's number: what ends the children of a finished run. */
export const SIGKILL = 9;
