import type { DocNode, MapEntry } from './documentNode.js';
import { LimitExceeded } from './parseLimits.js';
import type { SourceRange } from './sourceRange.js';
import type { SourceText } from './sourceText.js';
import { uniqueEntries } from './uniqueEntries.js';

/** An open `{` or `[` while its contents are read. */
interface Frame {
  isMap: boolean;
  start: number;
  entries: MapEntry[];
  items: DocNode[];
  /** The key whose value is being read (maps only). */
  key: string;
  keyStart: number;
  keyEnd: number;
}

/** Thrown inside the reader when the text is not JSON it reads exactly like the YAML path: the caller falls back. */
const NOT_READ = new Error('not read by the JSON reader');

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const ESCAPED: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Reads a JSON text (RFC 8259) into the same tree as the YAML path gives for it: every node with its range and
 * offsets, strings as double-quoted scalars, numbers, booleans and null as plain scalars with the YAML 1.2 core
 * schema's values (integers with parseInt, other numbers with parseFloat, so 1e400 is Infinity and -0 stays -0),
 * duplicate keys told to `onDuplicate` when their map closes (the later value wins). It is iterative, so nesting
 * cannot overflow the stack.
 *
 * Returns undefined for anything it does not read exactly as the YAML path does — text that is not JSON, nesting
 * deeper than `maxDepth`, a carriage return that is not followed by a line feed (the yaml package reads it as part of
 * a plain scalar), a tab before a scalar that is the whole document, or a duplicate key that `onDuplicate` rejects —
 * so that the caller reports it as before. Checking with JSON.parse first was measured and not kept: the reader checks
 * the grammar as it goes, so it would only add JSON.parse's time to every valid file.
 */
export function readJson(
  source: SourceText,
  maxDepth: number,
  onDuplicate: (earlier: MapEntry, later: MapEntry) => void,
): DocNode | undefined {
  try {
    return new JsonReader(source, maxDepth, onDuplicate).read();
  } catch (error) {
    if (error === NOT_READ || error instanceof LimitExceeded) return undefined;
    throw error;
  }
}

class JsonReader {
  private readonly text: string;
  private pos = 0;

  constructor(
    private readonly source: SourceText,
    private readonly maxDepth: number,
    private readonly onDuplicate: (earlier: MapEntry, later: MapEntry) => void,
  ) {
    this.text = source.text;
  }

  read(): DocNode {
    const text = this.text;
    const stack: Frame[] = [];
    this.skipSpace();
    for (;;) {
      // A value starts at this.pos.
      if (stack.length > this.maxDepth) throw NOT_READ;
      let node: DocNode;
      const start = this.pos;
      const c = text.charCodeAt(start);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.pos++;
        this.skipSpace();
        const isMap = c === OPEN_BRACE;
        const closing = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
        if (text.charCodeAt(this.pos) === closing) {
          this.pos++;
          node = isMap ? this.mapNode([], start) : this.seqNode([], start);
        } else {
          const frame: Frame = { isMap, start, entries: [], items: [], key: '', keyStart: 0, keyEnd: 0 };
          stack.push(frame);
          if (isMap) this.readKey(frame);
          continue;
        }
      } else {
        // A scalar that is the whole document is in YAML's block context, where a tab before it on its line is
        // indentation, which YAML forbids (https://yaml.org/spec/1.2.2/#61-indentation-spaces).
        if (stack.length === 0 && text.lastIndexOf('\t', start) !== -1) throw NOT_READ;
        node = this.scalar(c, start);
      }
      // Add the value to the open collections, closing those that end after it.
      for (;;) {
        const frame = stack[stack.length - 1];
        if (frame === undefined) {
          this.skipSpace();
          if (this.pos !== text.length) throw NOT_READ;
          return node;
        }
        if (frame.isMap) {
          frame.entries.push({
            key: frame.key,
            keyRange: this.source.range(frame.keyStart, frame.keyEnd),
            value: node,
          });
        } else {
          frame.items.push(node);
        }
        this.skipSpace();
        const next = text.charCodeAt(this.pos);
        if (next === COMMA) {
          this.pos++;
          this.skipSpace();
          if (frame.isMap) this.readKey(frame);
          break;
        }
        if (next !== (frame.isMap ? CLOSE_BRACE : CLOSE_BRACKET)) throw NOT_READ;
        this.pos++;
        stack.pop();
        node = frame.isMap
          ? this.mapNode(uniqueEntries(frame.entries, this.onDuplicate), frame.start)
          : this.seqNode(frame.items, frame.start);
      }
    }
  }

  /** Reads `"key" :` and what follows it up to the value. */
  private readKey(frame: Frame): void {
    const start = this.pos;
    if (this.text.charCodeAt(start) !== QUOTE) throw NOT_READ;
    frame.key = this.string(start);
    frame.keyStart = start;
    frame.keyEnd = this.pos;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== COLON) throw NOT_READ;
    this.pos++;
    this.skipSpace();
  }

  // The nodes are built as the YAML path builds them, with the range and offsets spread in last: V8 then gives them
  // the same hidden classes, and the code that reads trees from both paths stays monomorphic.
  private mapNode(entries: MapEntry[], start: number): DocNode {
    return { kind: 'map', entries, ...this.base(start) };
  }

  private seqNode(items: DocNode[], start: number): DocNode {
    return { kind: 'seq', items, ...this.base(start) };
  }

  private base(start: number): { range: SourceRange; offset: [number, number] } {
    return { range: this.source.range(start, this.pos), offset: [start, this.pos] };
  }

  private scalar(c: number, start: number): DocNode {
    let value: string | number | boolean | null;
    if (c === QUOTE) {
      value = this.string(start);
      return { kind: 'scalar', value, style: 'double', ...this.base(start) };
    }
    if (c === MINUS || (c >= ZERO && c <= NINE)) value = this.number(start);
    else if (this.text.startsWith('true', start)) value = this.literal(true, 4);
    else if (this.text.startsWith('false', start)) value = this.literal(false, 5);
    else if (this.text.startsWith('null', start)) value = this.literal(null, 4);
    else throw NOT_READ;
    return { kind: 'scalar', value, style: 'plain', ...this.base(start) };
  }

  private literal<T>(value: T, length: number): T {
    this.pos += length;
    return value;
  }

  /** A string from its opening quote at `start`; leaves `pos` after the closing quote. */
  private string(start: number): string {
    const text = this.text;
    let i = start + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return text.slice(start + 1, i);
      }
      if (c === BACKSLASH) break;
      // Control characters are not allowed raw in a JSON string (and NaN is the end of the text).
      if (!(c >= SPACE)) throw NOT_READ;
      i++;
    }
    let value = text.slice(start + 1, i);
    let from = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return value + text.slice(from, i);
      }
      if (c === BACKSLASH) {
        value += text.slice(from, i);
        const escape = text.charAt(i + 1);
        if (escape === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw NOT_READ;
          value += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const decoded = ESCAPED[escape];
          if (decoded === undefined) throw NOT_READ;
          value += decoded;
          i += 2;
        }
        from = i;
        continue;
      }
      if (!(c >= SPACE)) throw NOT_READ;
      i++;
    }
  }

  /**
   * A number from `start`. The YAML 1.2 core schema reads an integer with parseInt and any other number with
   * parseFloat (https://yaml.org/spec/1.2.2/#1032-tag-resolution), and JSON numbers are a subset of both forms.
   */
  private number(start: number): number {
    const text = this.text;
    let i = start;
    if (text.charCodeAt(i) === MINUS) i++;
    const first = text.charCodeAt(i);
    if (first === ZERO) i++;
    else if (first > ZERO && first <= NINE) i = this.digits(i);
    else throw NOT_READ;
    let integer = true;
    if (text.charCodeAt(i) === DOT) {
      integer = false;
      i = this.digits(i + 1);
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      integer = false;
      i++;
      const sign = text.charCodeAt(i);
      if (sign === PLUS || sign === MINUS) i++;
      i = this.digits(i);
    }
    this.pos = i;
    const written = text.slice(start, i);
    return integer ? parseInt(written, 10) : parseFloat(written);
  }

  /** One or more digits from `i`; the offset after them. */
  private digits(i: number): number {
    const text = this.text;
    const from = i;
    for (let c = text.charCodeAt(i); c >= ZERO && c <= NINE; c = text.charCodeAt(i)) i++;
    if (i === from) throw NOT_READ;
    return i;
  }

  private skipSpace(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === LF || c === TAB) i++;
      else if (c === CR && text.charCodeAt(i + 1) === LF) i += 2;
      else if (c === CR) throw NOT_READ;
      else break;
    }
    this.pos = i;
  }
}
