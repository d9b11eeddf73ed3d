/** Names the certificate type in every verification answer, so a verifier reads "Sick leave", not `sick-leave`. */
import type { VerificationResult } from './verification';

export type TypeNameLookup = (typeId: string) => { th: string; en: string } | undefined;

export function withTypeNames<V extends { pdf: (pdf: Uint8Array, at?: Date) => Promise<VerificationResult>; qr: (payload: string) => Promise<VerificationResult> }>(typeNames: TypeNameLookup, verification: V): V {
  const named = (result: VerificationResult): VerificationResult => {
    const typeName = result.document ? typeNames(result.document.type) : undefined;
    return typeName ? { ...result, document: { ...result.document!, typeName } } : result;
  };
  return {
    ...verification,
    pdf: async (pdf: Uint8Array, at?: Date) => named(await verification.pdf(pdf, at)),
    qr: async (payload: string) => named(await verification.qr(payload)),
  };
}
