// node:assert — the `assert` port of Node's module (AssertionError messages
// come from util.inspect, Node's own through the util builtin).
import assert from "assert/";
import { makeCallTracker } from "../shared/call-tracker.js";

// The port predates CallTracker.
if (!assert.CallTracker) assert.CallTracker = makeCallTracker(assert.AssertionError);
if (assert.strict && !assert.strict.CallTracker) assert.strict.CallTracker = assert.CallTracker;
export default assert;
