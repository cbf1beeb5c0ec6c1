// Intl.Segmenter: @formatjs/intl-segmenter (Unicode grapheme, word and
// sentence boundaries; the rules need no per-locale data).
import { Segmenter } from "@formatjs/intl-segmenter";

export default { Segmenter };
