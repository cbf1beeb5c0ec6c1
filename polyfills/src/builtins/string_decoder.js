// node:string_decoder — the `string_decoder` port of Node's module.
import port from "string_decoder/";

export default port;
