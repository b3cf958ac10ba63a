import {stringify} from 'yaml'

/** The values a template may name, each a one-line string. */
export type TemplateValues = Readonly<Record<string, string>>

/**
 * Fill `{{name}}` (the text as it is), `{{name:yaml}}` (a YAML scalar for a
 * block mapping's value: quoted when a colon, a quote, a `#` or a leading
 * indicator would change its meaning) and `{{name:json}}` (a JSON string) in
 * a template. An unknown name is a bug in the template: it throws.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{\{(\w+)(?::(yaml|json))?\}\}/g, (_, name: string, format: string | undefined) => {
    const value = values[name]
    if (value === undefined) throw new Error(`Unexpected template value \`${name}\`, expected one of ${Object.keys(values).join(', ')}`)
    if (format === 'yaml') return yamlScalar(value)
    if (format === 'json') return JSON.stringify(value)
    return value
  })
}

/** One value as the yaml library writes it: plain when that reads back the same, else quoted. */
export function yamlScalar(value: string): string {
  return stringify(value, {lineWidth: 0}).trimEnd()
}
