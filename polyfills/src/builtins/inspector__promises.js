// node:inspector/promises — node:inspector with a Session whose post()
// returns a promise (rejected here: no session can connect, see inspector).
/* global require */
const inspector = require("inspector");

class Session extends inspector.Session {
  post(method, params) {
    return new Promise((resolve, reject) => {
      try {
        super.post(method, params, (err, result) => (err ? reject(err) : resolve(result)));
      } catch (err) {
        reject(err);
      }
    });
  }
}

export default { ...inspector, Session };
