// The guest's child processes by pid, for process.kill(pid): child_process
// adds each child once it has a pid and leaves an exited child in place so
// that a later kill of its pid gets ESRCH, as in Node.
/** pid -> ChildProcess */
const children = new Map();
export default { children };
