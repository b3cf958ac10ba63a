import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite/notes'
import {renderPaper} from '@offprint/render-html'
const md = process.argv[2].replace(/\\n/g, '\n')
const paper = numberNotes(parsePaper(md))
renderPaper(paper)
for (const m of paper.file.messages) console.log(m.line + ':' + m.column, m.ruleId, m.reason)
