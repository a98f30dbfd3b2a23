import { imageSize as readImageSize } from "image-size";

/** A picture's size in pixels. */
export interface Size {
  w: number;
  h: number;
}

/** The picture's size in pixels, read from its bytes (a base64 data: URI) by image-size; undefined when unreadable. */
export function imageSize(uri: string): Size | undefined {
  const comma = uri.indexOf(",");
  if (comma < 0) return undefined;
  try {
    const { width, height } = readImageSize(Buffer.from(uri.slice(comma + 1), "base64"));
    return width === undefined || height === undefined ? undefined : { w: width, h: height };
  } catch {
    return undefined;
  }
}
