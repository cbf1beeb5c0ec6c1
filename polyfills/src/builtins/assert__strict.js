// node:assert/strict — strict mode of the assert builtin.
import assert from "assert";

export default assert.strict;
