// The press profile check alone (no browser), for callers that validate configs.
export {readPressProfile, PressProfileError, type PressProfile} from './lib/press-profile.js'
