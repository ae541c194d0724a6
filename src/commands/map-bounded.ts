// Kept so drift.ts and schedule/ (owned by another helper right now) keep compiling; new code imports
// ../concurrency/map-bounded.js directly, and this file goes once they do.
export { mapBounded } from "../concurrency/map-bounded.js";
