import type {Plugin} from 'unified'
// @ts-expect-error: @adobe/remark-gridtables ships no types; its default export is a unified plugin.
import plugin from '@adobe/remark-gridtables'

/** Pandoc's grid tables (`+---+` borders, `+===+` under the header, cells of several blocks): Adobe's maintained extension. */
export const remarkGridtables = plugin as Plugin<[]>
