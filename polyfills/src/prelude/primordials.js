// Built-ins the prelude's parts keep, taken when the prelude is evaluated:
// before any guest code runs, so a program that replaces them changes nothing.
export const ObjectDefine = Object.defineProperty;
export const ErrorCtor = Error;
