import type {Root} from 'mdast'
import {mathFromMarkdown} from 'mdast-util-math'
import {math} from 'micromark-extension-math'
import {asciiDigit, markdownLineEnding, markdownLineEndingOrSpace, markdownSpace} from 'micromark-util-character'
import {codes, types} from 'micromark-util-symbol'
import type {Code, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'
import type {Processor} from 'unified'

/**
 * Math the way pandoc reads it (`tex_math_dollars`), so that prices stay
 * prices: `$…$` is inline math only when the opening `$` has a non-space
 * character right after it and the closing `$` a non-space character right
 * before it and no digit right after it. So `$20,000 and $30,000` is text,
 * `$x$` is math; `\$` is a dollar sign (a character escape). `$$…$$` and
 * `$$` blocks stay micromark-extension-math's, as before.
 *
 * remark-math cannot say this: its only choice is single dollars on (then
 * "$4.2 trillion … saves $300 billion" is math) or off (then `$x$` is text).
 */
export function remarkDollarMath(this: Processor<Root>): undefined {
  const data = this.data()
  const micromarkExtensions = (data.micromarkExtensions ??= [])
  const fromMarkdownExtensions = (data.fromMarkdownExtensions ??= [])
  // Offprint reads markdown and never writes it: no to-markdown extension.
  // Two or more dollars: micromark-extension-math; one: ours (each refuses the other's case).
  micromarkExtensions.push(math({singleDollarTextMath: false}), dollarMath)
  fromMarkdownExtensions.push(mathFromMarkdown())
}

/** The micromark extension for single-dollar math; it makes the same tokens as micromark-extension-math. */
export const dollarMath: Extension = {text: {[codes.dollarSign]: {name: 'mathTextDollar', tokenize, previous}}}

/** A `$` right after another `$` does not open math (unless that one was escaped). */
function previous(this: TokenizeContext, code: Code): boolean {
  return code !== codes.dollarSign || this.events.at(-1)?.[1].type === types.characterEscape
}

function tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  // Whether the last character inside the math was white space (then a `$` cannot close it).
  let afterSpace = false
  return start

  function start(code: Code): State | undefined {
    effects.enter('mathText')
    effects.enter('mathTextSequence')
    effects.consume(code)
    return open
  }

  /** Right after the opening `$`: a second `$` is micromark-extension-math's, a space is not math. */
  function open(code: Code): State | undefined {
    if (code === codes.eof || code === codes.dollarSign || markdownLineEndingOrSpace(code)) return nok(code)
    effects.exit('mathTextSequence')
    effects.enter('mathTextData')
    return inside(code)
  }

  function inside(code: Code): State | undefined {
    if (code === codes.eof) return nok(code)
    if (code === codes.dollarSign) {
      // pandoc gives up at a `$` after white space, rather than looking further.
      if (afterSpace) return nok(code)
      effects.exit('mathTextData')
      effects.enter('mathTextSequence')
      effects.consume(code)
      effects.exit('mathTextSequence')
      return close
    }
    if (markdownLineEnding(code)) {
      effects.exit('mathTextData')
      effects.enter(types.lineEnding)
      effects.consume(code)
      effects.exit(types.lineEnding)
      afterSpace = true
      return lineStart
    }
    afterSpace = markdownSpace(code)
    effects.consume(code)
    return code === codes.backslash ? escaped : inside
  }

  /** After a backslash, the next character is TeX's (`\$` does not close the math). */
  function escaped(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) return inside(code)
    afterSpace = false
    effects.consume(code)
    return inside
  }

  function lineStart(code: Code): State | undefined {
    if (code === codes.eof || code === codes.dollarSign || markdownLineEnding(code)) return nok(code)
    effects.enter('mathTextData')
    return inside(code)
  }

  /** After the closing `$`: a digit means it was a price (`$5 … 6$7`), not math. */
  function close(code: Code): State | undefined {
    if (asciiDigit(code)) return nok(code)
    effects.exit('mathText')
    return ok(code)
  }
}
