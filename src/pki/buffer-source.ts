/** Narrows our Uint8Array (possibly over a SharedArrayBuffer) to the BufferSource WebCrypto-typed libraries accept. */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
