// node:assert — the `assert` port of Node's module (AssertionError messages
// come from util.inspect, Node's own through the util builtin).
import assert from "assert/";

export default assert;
