// node:events — the `events` browser port of Node's EventEmitter.
import events from "events/";
export default events;
