// The JSZip 3 modules fix-package.ts uses to hand JSZip entries compressed by Node's zlib: a compressed
// entry (as loadAsync makes them), the compression methods, and its CRC-32.
declare module "jszip/lib/compressedObject" {
  class CompressedObject {
    constructor(
      compressedSize: number,
      uncompressedSize: number,
      crc32: number,
      compression: unknown,
      data: Uint8Array,
    );
  }
  export = CompressedObject;
}
declare module "jszip/lib/compressions" {
  export const DEFLATE: { magic: string };
}
declare module "jszip/lib/crc32" {
  function crc32(input: Uint8Array, crc?: number): number;
  export = crc32;
}
