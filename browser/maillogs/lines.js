// @ts-check
/* Bytes in, numbered lines out, as docs/downloads/mail_logs.py's byte_chunks and read_lines: only LF ends a line
   (CRLF too, its CR dropped); a lone CR stays in the text; a line holding a NUL byte, or longer than 65,536 bytes,
   is refused, an over-long one without being held; bytes that are not UTF-8 read as U+FFFD; a UTF-8 byte order mark
   is dropped and a UTF-16 file (with its mark) re-encoded as UTF-8 first. Chunks may end anywhere. */
import { grouped } from "./text.js";

export const MAX_LINE_BYTES = 65536;   // a longer line is rejected, not read: no real record is that long
const LONGER = `longer than ${grouped(MAX_LINE_BYTES)} bytes`;
const NUL = "holds a NUL byte (binary data, or UTF-16 text inside a UTF-8 file)";
const LF = 10;
const CR = 13;

/** @typedef {{ line(number: number, text: string): void, reject(number: number, why: string): void }} LineSink */

/** @param {Uint8Array[]} pieces @param {number} length */
function joined(pieces, length) {
  if (pieces.length === 1) return pieces[0];
  const whole = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    whole.set(piece, at);
    at += piece.length;
  }
  return whole;
}

/** Splits UTF-8 bytes into lines for a sink. */
class LineSplitter {
  /** @param {LineSink} sink */
  constructor(sink) {
    this.sink = sink;
    this.number = 0;
    /** @type {Uint8Array[]} */
    this.pending = [];   // the line still open at the end of the last chunk (never more than MAX_LINE_BYTES + 1)
    this.pendingLength = 0;
    this.overlong = false;   // the open line is already too long: its bytes are dropped until its LF
    this.decoder = new TextDecoder("utf-8", { ignoreBOM: true });   // a line may start with U+FEFF: it stays
  }

  /** @param {Uint8Array} chunk */
  push(chunk) {
    const first = chunk.indexOf(LF);
    if (first < 0) {
      this.keep(chunk);
      return;
    }
    let start = 0;
    if (this.overlong || this.pendingLength) {   // the open line ends here
      this.number++;
      if (this.overlong) {
        this.sink.reject(this.number, LONGER);
      } else {
        this.pending.push(chunk.subarray(0, first));
        this.one(joined(this.pending, this.pendingLength + first), this.number);
      }
      this.overlong = false;
      this.pending = [];
      this.pendingLength = 0;
      start = first + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (last >= start) this.block(chunk, start, last);
    this.keep(chunk.subarray(last + 1));
  }

  close() {
    if (this.overlong) this.sink.reject(this.number + 1, LONGER);
    else if (this.pendingLength) this.one(joined(this.pending, this.pendingLength), this.number + 1);
  }

  /** @param {Uint8Array} rest */
  keep(rest) {
    if (!rest.length || this.overlong) return;
    if (this.pendingLength + rest.length > MAX_LINE_BYTES + 1) {   // + 1: the CR of a CRLF may wait for its LF
      this.overlong = true;
      this.pending = [];
      this.pendingLength = 0;
      return;
    }
    this.pending.push(rest.slice());   // a copy: the caller may reuse its buffer
    this.pendingLength += rest.length;
  }

  /** One line's bytes, without its LF. @param {Uint8Array} bytes @param {number} number */
  one(bytes, number) {
    let length = bytes.length;
    if (length && bytes[length - 1] === CR) length--;
    if (length > MAX_LINE_BYTES) this.sink.reject(number, LONGER);
    else if (bytes.subarray(0, length).indexOf(0) >= 0) this.sink.reject(number, NUL);
    else this.sink.line(number, this.decoder.decode(bytes.subarray(0, length)));
  }

  /** Whole lines: chunk[start:end] with end at an LF, decoded at once (an LF ends any broken UTF-8 sequence, so this
   * reads as line by line), twice as fast as line by line in a worker. Each line is then a slice of the chunk's text,
   * so what the analysis keeps for long is a copy (text.js detached). @param {Uint8Array} chunk @param {number} start
   * @param {number} end */
  block(chunk, start, end) {
    const text = this.decoder.decode(chunk.subarray(start, end));
    const nul = text.indexOf("\0") >= 0;   // a NUL byte is U+0000, and only it is
    // A line's length in bytes: its length in UTF-16 units when every byte made one, or when the block is too short
    // for any line to be too long; else counted from its bytes.
    const unitPerByte = text.length === end - start || end - start <= MAX_LINE_BYTES;
    let at = start;
    let from = 0;
    for (;;) {
      const lf = text.indexOf("\n", from);
      let line = lf < 0 ? text.slice(from) : text.slice(from, lf);
      let length = line.length;
      if (!unitPerByte) {
        const stop = chunk.indexOf(LF, at);
        length = (stop < 0 || stop > end ? end : stop) - at;
        at += length + 1;
      }
      if (line.charCodeAt(line.length - 1) === CR) {
        line = line.slice(0, -1);
        length--;
      }
      this.number++;
      if (length > MAX_LINE_BYTES) this.sink.reject(this.number, LONGER);
      else if (nul && line.indexOf("\0") >= 0) this.sink.reject(this.number, NUL);
      else this.sink.line(this.number, line);
      if (lf < 0) return;
      from = lf + 1;
    }
  }
}

/** A file's bytes to its lines: the byte order mark read first (Python reads it in the first megabyte; here the
 * first three bytes are awaited). @param {LineSink} sink @returns {{ push(bytes: Uint8Array): void, close(): void }} */
export function lineReader(sink) {
  const lines = new LineSplitter(sink);
  /** @type {Uint8Array | null} */
  let head = new Uint8Array(0);   // the first bytes, until three have come
  /** @type {TextDecoder | null} */
  let utf16 = null;
  const encoder = new TextEncoder();
  /** @param {Uint8Array} bytes @param {boolean} last */
  const take = (bytes, last) => {
    if (head) {
      const whole = new Uint8Array(head.length + bytes.length);
      whole.set(head);
      whole.set(bytes, head.length);
      if (whole.length < 3 && !last) {
        head = whole;
        return;
      }
      head = null;
      bytes = whole;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        // The mark dropped here, never by the decoder: some decoders drop a U+FEFF after it as well.
        utf16 = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be", { ignoreBOM: true });
        bytes = bytes.subarray(2);
      } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3);
      }
    }
    if (utf16) bytes = encoder.encode(utf16.decode(bytes, { stream: !last }));
    if (bytes.length) lines.push(bytes);
  };
  return {
    push(bytes) {
      take(bytes, false);
    },
    close() {
      take(new Uint8Array(0), true);
      lines.close();
    },
  };
}
