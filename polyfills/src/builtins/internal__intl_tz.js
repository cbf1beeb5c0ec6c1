// The IANA time-zone data of @formatjs/intl-datetimeformat (add-all-tz), as a
// JSON string: loaded by internal/intl_datetimeformat only for zones other
// than UTC.
import tz from "intl-data:tz";

export default tz;
