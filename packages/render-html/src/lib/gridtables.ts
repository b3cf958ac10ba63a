import type {Handler} from 'mdast-util-to-hast'
// @ts-expect-error: @adobe/mdast-util-gridtables ships no types.
import {mdast2hastGridTablesHandler} from '@adobe/mdast-util-gridtables'

/** Grid tables → `<table>` (Adobe's handler; the content model repair turns its `align` into classes). */
export const gridTableHandler = (mdast2hastGridTablesHandler as () => Handler)()
