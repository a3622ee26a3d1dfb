/** What a decoder says about an image, before any pixel is trusted. */
export interface ImageInfo {
  /** As the decoder names it: `jpeg`, `png`, `webp`, or anything else it recognised. */
  readonly format: string;
  readonly width: number;
  readonly height: number;
}

export interface EncodedImage {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface RenditionSpec {
  readonly web: { readonly maxWidth: number; readonly maxHeight: number; readonly quality: number };
  readonly thumbnail: { readonly width: number; readonly height: number; readonly quality: number };
}

/** The image library behind a small port, so the use-case can be read (and tested) without it. */
export interface ImageProcessor {
  /** Header-level facts; undefined when the bytes are no image the library can read. */
  inspect(bytes: Uint8Array): Promise<ImageInfo | undefined>;
  /**
   * Decodes fully (a truncated or corrupt file fails here) and writes the web
   * version (fit inside, never enlarged) and the square thumbnail, as WebP,
   * upright (EXIF orientation applied) and without metadata.
   */
  renditions(
    bytes: Uint8Array,
    spec: RenditionSpec,
  ): Promise<{ web: EncodedImage; thumbnail: EncodedImage }>;
}
