import sharp from 'sharp';
import { service } from '../../lib/description';
import type {
  EncodedImage,
  ImageInfo,
  ImageProcessor,
  RenditionSpec,
} from '../domain/image-processor';

// Every upload is a different image: libvips' operation cache would only hold memory.
sharp.cache(false);

/** The image port on sharp (libvips), with a pixel limit against decompression bombs. */
export class SharpImages implements ImageProcessor {
  async inspect(bytes: Uint8Array): Promise<ImageInfo | undefined> {
    try {
      const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
      if (!meta.format || !meta.width || !meta.height) return undefined;
      // Width and height as displayed: EXIF orientations 5-8 swap them.
      const rotated = (meta.orientation ?? 1) >= 5;
      return {
        format: meta.format,
        width: rotated ? meta.height : meta.width,
        height: rotated ? meta.width : meta.height,
      };
    } catch {
      return undefined;
    }
  }

  async renditions(
    bytes: Uint8Array,
    spec: RenditionSpec,
  ): Promise<{ web: EncodedImage; thumbnail: EncodedImage }> {
    // failOn 'error' makes a truncated or corrupt file throw instead of decoding grey.
    const source = () =>
      sharp(bytes, { failOn: 'error', limitInputPixels: service.media.maxPixels }).rotate();
    const [web, thumbnail] = await Promise.all([
      source()
        .resize({
          width: spec.web.maxWidth,
          height: spec.web.maxHeight,
          fit: 'inside',
          withoutEnlargement: true,
        })
        .webp({ quality: spec.web.quality })
        .toBuffer({ resolveWithObject: true }),
      source()
        .resize({
          width: spec.thumbnail.width,
          height: spec.thumbnail.height,
          fit: 'cover',
          position: 'attention',
        })
        .webp({ quality: spec.thumbnail.quality })
        .toBuffer({ resolveWithObject: true }),
    ]);
    const encoded = (out: {
      data: Buffer;
      info: { width: number; height: number };
    }): EncodedImage => ({
      bytes: out.data,
      width: out.info.width,
      height: out.info.height,
    });
    return { web: encoded(web), thumbnail: encoded(thumbnail) };
  }
}
