export {numberNotes} from './lib/number-notes.js'
export type {Note, NoteReference, Paper} from './lib/types.js'
