// JSON text exactly as Python's json.dumps writes it by default (", " and ": " separators, ASCII only, floats
// with a decimal point), so that the config files we write read like the ones Keras writes.

/** Marks a number that Python holds as a float: it prints as 1.0, not 1. */
export class PyFloat {
  constructor(value) {
    this.value = value;
  }
}

export const float = (value) => new PyFloat(value);

export function pyDumps(value) {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error(`${value} is not an integer: wrap floats with float()`);
    return String(value);
  }
  if (typeof value === "string") return asciiString(value);
  if (Array.isArray(value)) return "[" + value.map(pyDumps).join(", ") + "]";
  return "{" + Object.entries(value).map(([k, v]) => asciiString(k) + ": " + pyDumps(v)).join(", ") + "}";
}

function floatRepr(x) {
  if (!Number.isFinite(x)) throw new Error(`${x} has no JSON form`);
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  // Python's repr and JavaScript's String both give the shortest round-tripping digits; only the exponent
  // spelling differs (1e-07 against 1e-7).
  return String(x).replace(/e([+-])(\d)$/, "e$10$2");
}

function asciiString(s) {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}
