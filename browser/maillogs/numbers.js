// @ts-check
/* What docs/downloads/mail_logs.py gets from Python's numbers, written out: round() (half to even, on the float's
   exact value), format(x, "g"), and the exceptions its readers may raise, which its last guard turns into a
   rejected line. */

/** A Python exception a reader lets through (mail_logs.py FileReader.line: "could not be read (OverflowError)"). */
export class PythonError extends Error {
  /** @param {"ValueError" | "IndexError" | "OverflowError"} type */
  constructor(type) {
    super(type);
    this.type = type;
  }
}

/** Python's round(x) of a float: the nearest int, half to even; OverflowError on infinity. @param {number} x */
export function roundHalfEven(x) {
  if (!Number.isFinite(x)) throw new PythonError("OverflowError");
  const floor = Math.floor(x);
  const rest = x - floor;   // exact for every double
  if (rest !== 0.5) return rest < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

const SCRATCH = new DataView(new ArrayBuffer(8));

/** The exact value of a finite double: [digits, scale, negative] with |x| = digits / 10 ** scale.
 * @param {number} x @returns {[bigint, number, boolean]} */
function exactDecimal(x) {
  SCRATCH.setFloat64(0, x);
  const high = SCRATCH.getUint32(0);
  const negative = high >>> 31 === 1;
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(SCRATCH.getUint32(4));
  if (biased) mantissa |= 1n << 52n;
  const exponent = (biased || 1) - 1075;   // x = mantissa * 2 ** exponent
  if (exponent >= 0) return [mantissa << BigInt(exponent), 0, negative];
  return [mantissa * 5n ** BigInt(-exponent), -exponent, negative];
}

/** digits / 10 ** drop, rounded half to even. @param {bigint} digits @param {number} drop */
function dropDigits(digits, drop) {
  if (drop <= 0) return digits;
  const unit = 10n ** BigInt(drop);
  let kept = digits / unit;
  const rest = (digits % unit) * 2n;
  if (rest > unit || (rest === unit && kept % 2n === 1n)) kept += 1n;
  return kept;
}

/** Python's round(x, places) of a float (the exact value rounded half to even, read back as a float).
 * @param {number} x @param {number} places */
export function roundTo(x, places) {
  if (!Number.isFinite(x)) return x;
  const [digits, scale, negative] = exactDecimal(x);
  if (scale <= places) return x;
  const value = Number(`${dropDigits(digits, scale - places)}e-${places}`);
  return negative ? -value : value;
}

/** Python's format(x, "g"): six significant digits, no trailing zeros, an exponent below 1e-4 or from 1e6.
 * @param {number} x */
export function formatG(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const [digits, scale, negative] = exactDecimal(x);
  const sign = negative ? "-" : "";
  if (digits === 0n) return `${sign}0`;
  let text = digits.toString();
  let exponent = text.length - 1 - scale;   // of the first digit
  if (text.length > 6) {
    text = dropDigits(digits, text.length - 6).toString();
    if (text.length > 6) {   // 999999.5 became 1000000
      text = text.slice(0, 6);
      exponent += 1;
    }
  }
  text = text.replace(/0+$/, "");
  if (exponent < -4 || exponent >= 6) {
    const mantissa = text.length > 1 ? `${text[0]}.${text.slice(1)}` : text;
    const power = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${power}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${text}`;
  if (text.length <= exponent + 1) return `${sign}${text}${"0".repeat(exponent + 1 - text.length)}`;
  return `${sign}${text.slice(0, exponent + 1)}.${text.slice(exponent + 1)}`;
}
