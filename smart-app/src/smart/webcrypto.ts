// fhirclient falls back to `isomorphic-webcrypto` when `globalThis.crypto` is missing. Every browser that
// can run Curbside has Web Crypto (127.0.0.1 and https are secure contexts), so the build aliases that
// package here instead of bundling its shims and React Native branches.
export default globalThis.crypto;
