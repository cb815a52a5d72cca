/**
 * Where the ciphertexts sit in stored JSON text, and the element path each one's AAD is
 * bound to, found by one pass over the text without building the document.
 *
 * Every read of a resource with an encrypted element goes through here. Parsing the whole
 * document to learn the paths, then walking it, was 11% of the server's CPU on a Patient
 * read (the identifier holds an encrypted SSN); this scan reads the characters once and
 * allocates one small frame per object or array. Paths follow ciphertext-walk.ts: the
 * resource type, then the property names, array positions left out, and a resource nested
 * in another adds its own type, wherever its `resourceType` property comes among its keys
 * (the type is known when the object closes, so paths are put together at the end).
 */
import { CIPHERTEXT_PREFIX, isCiphertext } from './ciphertext.ts';

export interface CiphertextInText {
  /** Offsets of the quoted string literal, quotes included: text.slice(start, end). */
  start: number;
  end: number;
  /** The ciphertext (the literal's value). */
  token: string;
  path: string;
}

interface Frame {
  array: boolean;
  /** The key whose value is being read (objects); offsets of its literal, quotes excluded. */
  keyStart: number;
  keyEnd: number;
  /** Next string in this object is a key. */
  expectKey: boolean;
  /** The value of this object's `resourceType` property, once seen. */
  type?: string;
}

/** One level of a found ciphertext's ancestry: the frame, and the key it was under then. */
interface Step {
  frame: Frame;
  keyStart: number;
  keyEnd: number;
}

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Every string value in `json` that is a ciphertext, in document order. Undefined when the
 * text is not one well-formed JSON object (the caller falls back to parsing it).
 */
export function ciphertextsInJsonText(json: string): CiphertextInText[] | undefined {
  const stack: Frame[] = [];
  const found: { start: number; end: number; token: string; steps: Step[] }[] = [];
  let root: Frame | undefined;
  const n = json.length;
  // Where the next backslash is, so a literal's escapes are known without a search per literal.
  let nextBackslash = json.indexOf('\\');
  let i = 0;
  while (i < n) {
    const c = json.charCodeAt(i);
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const frame: Frame = { array: c === 91, keyStart: -1, keyEnd: -1, expectKey: c === 123 };
      if (!root) root = frame;
      else if (!stack.length) return undefined; // a second top-level value
      stack.push(frame);
      i++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (!stack.length) return undefined;
      stack.pop();
      i++;
    } else if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (top && !top.array) top.expectKey = true;
      i++;
    } else if (c === QUOTE) {
      const end = closingQuote(json, i + 1);
      if (end < 0) return undefined;
      const top = stack[stack.length - 1];
      if (!top) return undefined; // a bare string: not a resource
      if (!top.array && top.expectKey) {
        top.keyStart = i + 1;
        top.keyEnd = end;
        top.expectKey = false;
      } else {
        if (nextBackslash >= 0 && nextBackslash < i) nextBackslash = json.indexOf('\\', i);
        const hasEscape = nextBackslash >= 0 && nextBackslash < end;
        const isType = !top.array && keyIs(json, top, 'resourceType');
        // The literal's value is built only when it is needed: most strings are neither.
        if (isType || hasEscape || json.startsWith(CIPHERTEXT_PREFIX, i + 1)) {
          const value = hasEscape ? (JSON.parse(json.slice(i, end + 1)) as string) : json.slice(i + 1, end);
          if (isType) top.type = value;
          if (isCiphertext(value)) {
            found.push({
              start: i,
              end: end + 1,
              token: value,
              steps: stack.map((f) => ({ frame: f, keyStart: f.keyStart, keyEnd: f.keyEnd })),
            });
          }
        }
      }
      i = end + 1;
    } else {
      i++; // ':' , whitespace, and the characters of numbers, true, false, null
    }
  }
  if (stack.length || !root || root.array) return undefined;
  const rootFrame = root;
  return found.map(({ start, end, token, steps }) => ({ start, end, token, path: pathOf(json, rootFrame, steps) }));
}

/** Index of the quote that closes the string literal whose first character is at `from`; -1 if none. */
function closingQuote(json: string, from: number): number {
  let q = json.indexOf('"', from);
  while (q >= 0) {
    let backslashes = 0;
    for (let k = q - 1; k >= from && json.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q;
    q = json.indexOf('"', q + 1);
  }
  return -1;
}

function keyIs(json: string, frame: { keyStart: number; keyEnd: number }, name: string): boolean {
  return frame.keyEnd - frame.keyStart === name.length && json.startsWith(name, frame.keyStart);
}

function keyText(json: string, start: number, end: number): string {
  const raw = json.slice(start, end);
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

function pathOf(json: string, root: Frame, steps: Step[]): string {
  const parts = [root.type ?? ''];
  for (const { frame, keyStart, keyEnd } of steps) {
    if (frame.array) continue;
    if (frame !== root && frame.type !== undefined) parts.push(frame.type);
    parts.push(keyText(json, keyStart, keyEnd));
  }
  return parts.join('.');
}
