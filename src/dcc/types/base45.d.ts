/** Types for the `base45` package, which ships none. */
declare module 'base45' {
  export function encode(bytes: Uint8Array | string): string;
  export function decode(text: string): Buffer;
}
