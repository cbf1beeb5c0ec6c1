// node:_http_agent — the legacy module behind http.Agent: the Agent class and
// the global agent (assigning http.globalAgent shows here too, as in Node).
/* global require */
const common = require("internal/http_common", true);

const agent = { Agent: common.Agent };
Object.defineProperty(agent, "globalAgent", {
  get: () => common.globalAgent,
  set(value) {
    common.globalAgent = value;
  },
  enumerable: true,
  configurable: true,
});

export default agent;
