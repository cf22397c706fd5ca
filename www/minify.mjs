// Dependency-free, conservative minifiers for the widget's own JS and CSS.
//
// minifyJs: drops comments (except a leading /*! licence */), indentation, blank
// lines and spaces that separate nothing. It tokenises strings, template literals
// (with nested ${…}) and regular-expression literals so their contents are never
// touched, and keeps line breaks wherever automatic semicolon insertion could
// depend on them. It does not rename anything.
//
// minifyCss: drops comments (except /*! … */), collapses white space, and removes
// it around { } ; , > and after : (no selector here has white space after a
// colon), and the last ; before } — strings are kept verbatim.

const ID = /[A-Za-z0-9_$\\\u0080-\uffff]/;
const REGEX_AFTER_CHAR = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));
const REGEX_AFTER_WORD = new Set([
  'return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await',
]);

// `rename` (optional Map) replaces whole identifier tokens outside strings,
// templates' text and regexes, property names included: callers list only names
// that are theirs alone (build.mjs checks the new names are unused).
export function minifyJs(src, rename) {
  let out = '';
  let i = 0;
  const n = src.length;
  let pendingSpace = false;
  let pendingNewline = false;
  const braces = []; // template-literal nesting: 'tpl' marks a ${ opened in a template

  const lastSig = () => out.replace(/\s+$/, '');
  const regexAllowed = () => {
    const t = lastSig();
    if (!t) return true;
    const c = t[t.length - 1];
    if (REGEX_AFTER_CHAR.has(c)) return true;
    const m = /[A-Za-z_$][A-Za-z0-9_$]*$/.exec(t);
    return !!(m && REGEX_AFTER_WORD.has(m[0]));
  };
  const flush = (next) => {
    if (pendingNewline) {
      const prev = out[out.length - 1];
      const dropAfter = prev === undefined || '{;,(['.includes(prev);
      const dropBefore = '}),];'.includes(next);
      if (!dropAfter && !dropBefore) out += '\n';
      else if (ID.test(prev || '') && ID.test(next)) out += ' ';
    } else if (pendingSpace) {
      const prev = out[out.length - 1] || '';
      if ((ID.test(prev) && ID.test(next)) || ('+-/'.includes(prev) && prev === next) || (prev === '+' && next === '-') || (prev === '-' && next === '+')) {
        out += ' ';
      }
    }
    pendingSpace = pendingNewline = false;
  };
  const copyString = (q) => {
    let j = i + 1;
    while (j < n && src[j] !== q) {
      if (src[j] === '\\') j++;
      else if (src[j] === '\n') throw new Error('unterminated string at ' + i);
      j++;
    }
    out += src.slice(i, j + 1);
    i = j + 1;
  };
  // Copies template text up to and including the closing backtick, or up to and
  // including a `${` (then returns true: code follows until the matching `}`).
  const copyTemplate = (start) => {
    let j = start;
    while (j < n) {
      const c = src[j];
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === '`') {
        out += src.slice(i, j + 1);
        i = j + 1;
        return false;
      }
      if (c === '$' && src[j + 1] === '{') {
        out += src.slice(i, j + 2);
        i = j + 2;
        return true;
      }
      j++;
    }
    throw new Error('unterminated template literal');
  };
  const copyRegex = () => {
    let j = i + 1;
    let cls = false;
    while (j < n) {
      const c = src[j];
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === '\n') throw new Error('unterminated regex at ' + i);
      if (cls) {
        if (c === ']') cls = false;
      } else if (c === '[') cls = true;
      else if (c === '/') break;
      j++;
    }
    j++;
    while (j < n && /[a-z]/i.test(src[j])) j++;
    out += src.slice(i, j);
    i = j;
  };

  while (i < n) {
    const c = src[i];
    const c2 = src[i + 1];
    if (c === '/' && c2 === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && c2 === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment');
      if (src[i + 2] === '!' && out.trim() === '') out += src.slice(i, end + 2) + '\n';
      else pendingSpace = true;
      i = end + 2;
      continue;
    }
    if (c === '\n' || c === '\r') {
      pendingNewline = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
      pendingSpace = true;
      i++;
      continue;
    }
    flush(c);
    if (c === '"' || c === "'") {
      copyString(c);
    } else if (c === '`') {
      if (copyTemplate(i + 1)) braces.push('tpl');
    } else if (c === '{') {
      braces.push('{');
      out += c;
      i++;
    } else if (c === '}') {
      const top = braces.pop();
      if (top === 'tpl') {
        // back inside the template literal
        if (copyTemplate(i + 1)) braces.push('tpl');
        else {
          /* template closed */
        }
        // copyTemplate copied from i (the `}`) onwards
      } else {
        out += c;
        i++;
      }
    } else if (c === '/' && regexAllowed()) {
      copyRegex();
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(src[j])) j++;
      const word = src.slice(i, j);
      out += (rename && rename.get(word)) || word;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out.trim() + '\n';
}

export function minifyCss(src) {
  let out = '';
  let i = 0;
  const n = src.length;
  let space = false;
  while (i < n) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated CSS comment');
      if (src[i + 2] === '!' && out === '') out += src.slice(i, end + 2) + '\n';
      i = end + 2;
      space = true;
      continue;
    }
    if (/\s/.test(c)) {
      space = true;
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      if (space && out && !'{};,\n'.includes(out[out.length - 1])) out += ' ';
      out += src.slice(i, j + 1);
      i = j + 1;
      space = false;
      continue;
    }
    if (space) {
      const prev = out[out.length - 1];
      if (out && !'{};,>:\n'.includes(prev) && !'{};,>'.includes(c)) out += ' ';
      space = false;
    }
    if (c === '}' && out[out.length - 1] === ';') out = out.slice(0, -1);
    out += c;
    i++;
  }
  return out.trim() + '\n';
}
