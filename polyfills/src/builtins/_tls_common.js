// node:_tls_common — the legacy module behind tls.SecureContext.
/* global require */
const context = require("internal/tls_context", true);

export default {
  SecureContext: context.SecureContext,
  createSecureContext: context.createSecureContext,
  translatePeerCertificate: context.translatePeerCertificate,
};
