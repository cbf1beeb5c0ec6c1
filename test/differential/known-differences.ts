/**
 * Where quickexec knowingly differs from the real Node today, by case file
 * and line label (the text before " -> "), with the reason. A listed line is
 * tested to STILL differ: when it starts to match, the test fails and the
 * entry must go. Nothing may be added here to make a mismatch pass quietly;
 * each entry is either a deliberate design choice or open work named in the
 * issue notes.
 */
export const KNOWN_DIFFERENCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "date-timezone.js": {
    "local constructor": "open: QuickJS turns local fields into time with the offset at the fields read as UTC, so within hours of a DST change a local-time constructor can be an hour off (V8 uses the offset at the local time)",
  },
  "modules-packages.js": {
    "require a package with an unparsable package.json": "open: the parse error reaches the guest as SyntaxError, not ERR_INVALID_PACKAGE_CONFIG",
  },
  "util-more.js": {
    "inspect iterators": "open: node-inspect-extracted 3.3.3 cannot show Map iterator entries in QuickJS",
  },
  "fs-edge.js": {
    "mkdirSync through a missing component and ..": "design (issue 3): paths are normalised lexically before the check, so `missing/..` is not an error",
    "readFileSync through a missing component and ..": "design (issue 3): lexical normalisation before the check",
    "readFileSync through a file and ..": "design (issue 3): lexical normalisation before the check",
    "accessSync X_OK on a 644 file": "open: access() checks only W_OK against the mode bits",
    "copyFileSync keeps the mode": "open: copyFile does not copy the mode",
    "fchmodSync / futimesSync / fstatSync": "open: fchmod/futimes only validate the descriptor",
    "openSync mode on create": "open: open() ignores the mode of a created file",
    "long name": "open: no ENAMETOOLONG check",
    "readFileSync flag option a+ creates": "open: readFile ignores its flag option",
  },
  "stream.js": {
    "non-object mode rejects numbers": "open: the readable-stream port's message differs",
  },
  "fs-more.js": {
    "symlink with relative target climbing": "design: guest links on a host filesystem are stored absolute under the root; readlink gives a relative target back normalised",
    "symlink to directory, then .. through it is physical": "design (issue 3): paths are normalised lexically before the permission check, so `link/..` is the link's directory",
    "renameSync a symlink moves the link": "design: a moved relative link keeps pointing where it pointed (stored absolute under the root)",
  },
  "assert.js": {
    "deepStrictEqual failure message": "deliberate: quickexec follows Node 22, whose AssertionError diff ends with a newline (Node 22.14's test-assert.js and test-assert-checktag.js expect it); the Node 20 that runs these cases prints none",
    "throws wrong type rethrows": "open: the assert port follows an older Node for throws() with the wrong error type",
  },
  "buffer.js": {
    "from invalid type": "open: the buffer port's message differs",
    "alloc negative": "open: kMaxLength is 2^31-1 in the port, 2^32 in Node",
    "alloc non-number": "open: the buffer port's message differs",
  },
  "console.js": {
  },
  "util.js": {
    "types": "open: QuickJS gives JS no way to tell a Proxy, so util.types.isProxy is always false",
  },
  "async_hooks.js": {
    "store after a native await": "deliberate: QuickJS has no promise hooks and resumes an async function from its own job queue, so the store is not carried past a native await (see polyfills/src/builtins/async_hooks.js)",
  },
  "tty.js": {
    "new WriteStream on a pipe": "deliberate: no fd is a terminal in the sandbox, so tty.WriteStream cannot be built; Node on Linux builds one even on a pipe",
  },
};

/** Whole-case checks (line count and exit code) known to differ, with the reason. */
export const KNOWN_CASE_DIFFERENCES: Readonly<Record<string, string>> = {
};
