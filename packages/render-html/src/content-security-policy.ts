// The pages' Content-Security-Policy alone (the catalog and the dev preview
// use it without the renderer).
export {paperPolicy, stylesOnlyPolicy} from './lib/content-security-policy.js'
