// node:_http_client — the legacy module behind http.ClientRequest.
/* global require */
export default { ClientRequest: require("internal/http_client", true).ClientRequest };
