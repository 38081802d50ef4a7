// @ts-check
'use strict'

// A small parser of JavaScript regular expressions into the tree the safety check walks. It only
// ever sees patterns V8 has already compiled (regexRefusal tries `new RegExp` first), so it need
// not report syntax errors; where a construct does not matter for the check it is read loosely
// (a Unicode property is "any character", an octal escape a backreference-like atom).

const cs = require('./charset')

/**
 * @typedef {import('./charset').Charset} Charset
 * @typedef {{ start: number, end: number }} At
 * @typedef {At & { type: 'alt', alts: Seq[] }} Alt
 * @typedef {At & { type: 'seq', items: Node[] }} Seq
 * @typedef {At & { type: 'char', set: Charset }} Char
 * @typedef {At & { type: 'group', kind: 'capture' | 'plain' | 'ahead' | 'behind', body: Alt }} Group
 * @typedef {At & { type: 'repeat', min: number, max: number, body: Node }} Repeat
 * @typedef {At & { type: 'assert' }} Assert
 * @typedef {At & { type: 'backref' }} Backref
 * @typedef {Alt | Seq | Char | Group | Repeat | Assert | Backref} Node
 */

const QUANTIFIER = /\{(\d+)(,(\d*))?\}/y

/**
 * @param {string} pattern   a pattern `new RegExp(pattern, flags)` accepts
 * @param {string} flags
 * @returns {Alt}
 */
function parseRegex(pattern, flags) {
  const unicode = flags.includes('u') || flags.includes('v')
  const ignoreCase = flags.includes('i')
  const dotAll = flags.includes('s')
  let pos = 0

  const peek = () => pattern[pos]
  /** @param {Charset} set */
  const fold = (set) => (ignoreCase ? cs.caseFold(set) : set)
  /** @param {number} start @param {Charset} set @returns {Char} */
  const char = (start, set) => ({ type: 'char', set: fold(set), start, end: pos })

  /** Reads one code point (unicode) or code unit. */
  function readChar() {
    const code = unicode ? /** @type {number} */ (pattern.codePointAt(pos)) : pattern.charCodeAt(pos)
    pos += code > 0xffff ? 2 : 1
    return code
  }

  /** @param {number} digits @param {RegExp} allowed */
  function readCode(digits, allowed) {
    const text = pattern.slice(pos, pos + digits)
    if (text.length !== digits || !allowed.test(text)) return null
    pos += digits
    return Number.parseInt(text, 16)
  }

  /**
   * An escape after '\'. In a class, \b is backspace and '-' is itself.
   * @param {boolean} inClass
   * @returns {Charset | 'assert' | 'backref'}
   */
  function readEscape(inClass) {
    const c = pattern[pos++]
    switch (c) {
      case 'd': return cs.DIGIT
      case 'D': return cs.complement(cs.DIGIT)
      case 'w': return cs.WORD
      case 'W': return cs.complement(cs.WORD)
      case 's': return cs.SPACE
      case 'S': return cs.complement(cs.SPACE)
      case 'b': return inClass ? cs.single(8) : 'assert'
      case 'B': return 'assert'
      case 'n': return cs.single(10)
      case 'r': return cs.single(13)
      case 't': return cs.single(9)
      case 'v': return cs.single(11)
      case 'f': return cs.single(12)
      case 'p':
      case 'P':
        if (unicode && peek() === '{') {
          pos = pattern.indexOf('}', pos) + 1
          return cs.ANY
        }
        return cs.single(c.charCodeAt(0))
      case 'c': {
        const letter = pattern.charCodeAt(pos)
        if ((letter | 32) >= 97 && (letter | 32) <= 122) {
          pos++
          return cs.single(letter % 32)
        }
        pos-- // "\c" not followed by a letter is a literal backslash (Annex B)
        return cs.single(92)
      }
      case 'x': {
        const code = readCode(2, /^[0-9a-fA-F]{2}$/)
        return cs.single(code ?? 120)
      }
      case 'u': {
        if (unicode && peek() === '{') {
          const close = pattern.indexOf('}', pos)
          const code = Number.parseInt(pattern.slice(pos + 1, close), 16)
          pos = close + 1
          return cs.single(code)
        }
        const code = readCode(4, /^[0-9a-fA-F]{4}$/)
        return cs.single(code ?? 117)
      }
      case 'k':
        if (unicode || peek() === '<') {
          if (peek() === '<') pos = pattern.indexOf('>', pos) + 1
          return 'backref'
        }
        return cs.single(107)
      default:
        if (c === '0' && !/[0-9]/.test(peek() ?? '')) return cs.single(0)
        if (/[0-9]/.test(c)) {
          // \1..\9 are backreferences (or, without 'u', octal escapes); both are refused.
          while (/[0-9]/.test(peek() ?? '')) pos++
          return inClass ? cs.ANY : 'backref'
        }
        pos--
        return cs.single(readChar())
    }
  }

  /** @returns {Charset} */
  function readClass() {
    const negated = peek() === '^'
    if (negated) pos++
    /** @type {Charset[]} */
    const parts = []
    while (pos < pattern.length && peek() !== ']') {
      if (unicode && flags.includes('v') && peek() === '[') return cs.ANY // v-mode nested classes
      const from = classAtom()
      if (peek() === '-' && pattern[pos + 1] !== ']' && pos + 1 < pattern.length) {
        const save = pos
        pos++
        const to = classAtom()
        if (from.length === 1 && from[0][0] === from[0][1] && to.length === 1 && to[0][0] === to[0][1]) {
          parts.push([[from[0][0], to[0][0]]])
          continue
        }
        pos = save // \d-x and the like: '-' is a character of its own
      }
      parts.push(from)
    }
    pos++ // ']'
    const set = fold(cs.union(...parts))
    return negated ? cs.complement(set) : set
  }

  /** @returns {Charset} */
  function classAtom() {
    if (peek() !== '\\') return cs.single(readChar())
    pos++
    if (peek() === '-') {
      pos++
      return cs.single(45)
    }
    const escaped = readEscape(true)
    return typeof escaped === 'string' ? cs.ANY : escaped
  }

  /** @returns {Node} */
  function parseAtom() {
    const start = pos
    const c = peek()
    if (c === '(') {
      pos++
      /** @type {Group['kind']} */
      let kind = 'capture'
      if (pattern.startsWith('?:', pos)) kind = 'plain'
      else if (pattern.startsWith('?=', pos) || pattern.startsWith('?!', pos)) kind = 'ahead'
      else if (pattern.startsWith('?<=', pos) || pattern.startsWith('?<!', pos)) kind = 'behind'
      if (kind === 'plain' || kind === 'ahead') pos += 2
      else if (kind === 'behind') pos += 3
      else if (pattern.startsWith('?<', pos)) pos = pattern.indexOf('>', pos) + 1
      else if (peek() === '?') {
        // A modifier group such as (?i:…), where the engine has them: read as a plain group.
        kind = 'plain'
        pos = pattern.indexOf(':', pos) + 1
      }
      const body = parseAlt()
      pos++ // ')'
      return { type: 'group', kind, body, start, end: pos }
    }
    if (c === '[') {
      pos++
      const set = readClass()
      return { type: 'char', set, start, end: pos }
    }
    if (c === '.') {
      pos++
      return char(start, dotAll ? cs.ANY : cs.complement(cs.LINE_TERMINATORS))
    }
    if (c === '^' || c === '$') {
      pos++
      return { type: 'assert', start, end: pos }
    }
    if (c === '\\') {
      pos++
      const escaped = readEscape(false)
      if (escaped === 'assert') return { type: 'assert', start, end: pos }
      if (escaped === 'backref') return { type: 'backref', start, end: pos }
      return char(start, escaped)
    }
    return char(start, cs.single(readChar()))
  }

  /** @param {Node} atom @returns {Node} */
  function parseQuantifier(atom) {
    const c = peek()
    let min = 0
    let max = Number.POSITIVE_INFINITY
    if (c === '*') pos++
    else if (c === '+') {
      min = 1
      pos++
    } else if (c === '?') {
      max = 1
      pos++
    } else if (c === '{') {
      QUANTIFIER.lastIndex = pos
      const m = QUANTIFIER.exec(pattern)
      if (!m) return atom // without 'u' a '{' that is no quantifier is a literal (read next)
      min = Number(m[1])
      max = m[2] ? (m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY) : min
      pos += m[0].length
    } else return atom
    if (peek() === '?') pos++ // lazy: the same set of ways to match
    return { type: 'repeat', min, max, body: atom, start: atom.start, end: pos }
  }

  /** @returns {Seq} */
  function parseSeq() {
    const start = pos
    /** @type {Node[]} */
    const items = []
    while (pos < pattern.length && peek() !== '|' && peek() !== ')') {
      const atom = peek() === '{' ? char(pos, cs.single(pattern.charCodeAt(pos++))) : parseAtom()
      items.push(parseQuantifier(atom))
    }
    return { type: 'seq', items, start, end: pos }
  }

  /** @returns {Alt} */
  function parseAlt() {
    const start = pos
    const alts = [parseSeq()]
    while (peek() === '|') {
      pos++
      alts.push(parseSeq())
    }
    return { type: 'alt', alts, start, end: pos }
  }

  return parseAlt()
}

module.exports = { parseRegex }
