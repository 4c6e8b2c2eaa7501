import { LOGO_MAX_BYTES } from '@/lib/entities';

/** The first bytes of each accepted image type: the file's own name and MIME type can lie. */
const SIGNATURES: { type: 'image/png' | 'image/jpeg'; bytes: number[] }[] = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** A logo file as a data: URL, or the reason it is refused (shown to the user as is). */
export async function readLogo(file: File): Promise<{ dataUrl: string } | { error: string }> {
  if (file.size > LOGO_MAX_BYTES) {
    return { error: `The logo is ${Math.ceil(file.size / 1024)} KB; it must be at most ${LOGO_MAX_BYTES / 1024} KB. Nothing was changed.` };
  }
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const match = SIGNATURES.find((s) => s.bytes.every((b, i) => head[i] === b));
  if (!match) return { error: 'The logo must be a PNG or JPEG image. Nothing was changed.' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // Chunked: String.fromCharCode(...256 KB) would overflow the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { dataUrl: `data:${match.type};base64,${btoa(binary)}` };
}
